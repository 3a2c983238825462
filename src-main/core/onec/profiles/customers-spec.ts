// Counterparties per configuration. Sources: УТ 11.5.18 Catalogs/Контрагенты.mdo [UT115] (ИНН, КПП,
// НаименованиеПолное, ЮрФизЛицо with its default ЮрЛицо, ДополнительнаяИнформация, the tabular section
// КонтактнаяИнформация with Тип, Вид, Представление); УНФ Catalogs/Контрагенты and Enums/ВидыКонтрагентов
// [UNF-SRC] (ВидКонтрагента: ЮридическоеЛицо / ИндивидуальныйПредприниматель / ФизическоеЛицо /
// ГосударственныйОрган; Комментарий; the same contact-information section). Enum ТипыКонтактнойИнформации
// values Телефон and АдресЭлектроннойПочты are read by both object modules.
import { type OnecCustomersSpec } from '../onec';

const contacts = { section: 'КонтактнаяИнформация', type: 'Тип', presentation: 'Представление', phoneType: 'Телефон', emailType: 'АдресЭлектроннойПочты' } as const;

export const ut11Customers: OnecCustomersSpec = {
  set: 'Catalog_Контрагенты',
  name: 'Description',
  fullName: 'НаименованиеПолное',
  isFolder: 'IsFolder',
  inn: 'ИНН',
  kpp: 'КПП',
  // УТ 11.5 Контрагенты has no Комментарий; ДополнительнаяИнформация is its free-text attribute.
  comment: 'ДополнительнаяИнформация',
  // ЮрЛицо and ФизЛицо are confirmed (the attribute's default and public client code); the name of the
  // ИП value is UNCONFIRMED for 11.5 and only read (a person), never sent.
  legalForm: { field: 'ЮрФизЛицо', company: 'ЮрЛицо', person: 'ФизЛицо', entrepreneur: 'ИндивидуальныйПредприниматель' },
  contacts,
};

export const unfCustomers: OnecCustomersSpec = {
  set: 'Catalog_Контрагенты',
  name: 'Description',
  fullName: 'НаименованиеПолное',
  isFolder: 'IsFolder',
  inn: 'ИНН',
  kpp: 'КПП',
  comment: 'Комментарий',
  // Current УНФ (1.6.2x / 3.0) keeps the legal form in ВидКонтрагента; older УНФ releases had ЮрФизЛицо
  // (ЮрЛицо / ФизЛицо) like УТ — for such a base override these four names in the connection settings.
  legalForm: { field: 'ВидКонтрагента', company: 'ЮридическоеЛицо', person: 'ФизическоеЛицо', entrepreneur: 'ИндивидуальныйПредприниматель' },
  contacts,
};

/** Розница 2.2: assumed like УТ (the dump was not checked for this catalog): UNCONFIRMED, no marker attribute. */
export const retail2Customers: OnecCustomersSpec = { ...ut11Customers, comment: null };

/**
 * БП 3.0: ЮридическоеФизическоеЛицо (ЮридическоеЛицо / ФизическоеЛицо) as in the BSP types library;
 * UNCONFIRMED against the 3.0.198 dump, no marker attribute.
 */
export const bp30Customers: OnecCustomersSpec = {
  ...ut11Customers,
  comment: null,
  legalForm: { field: 'ЮридическоеФизическоеЛицо', company: 'ЮридическоеЛицо', person: 'ФизическоеЛицо', entrepreneur: null },
};
