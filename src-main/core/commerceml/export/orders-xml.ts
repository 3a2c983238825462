// The orders file itself: local shipments as CommerceML «Заказ товара» documents, in the shape of the
// two order files known to be accepted by 1C (commerceml.md §2.3): the 2.03 official example
// (carono/yii2-1c-exchange files/xml/from.xml) and Bitrix's 2.05 `mode=query` reply (S-205bx). No
// namespace on the root, as in every 2.03–2.05 file (§1.2). Pure: data in, text out.
import { type CmlExportEncoding, xmlProlog } from './cml-encoding';
import { formatMoney, formatQty, wallClock } from './cml-values';
import { type EscapeNotes, XmlWriter } from './xml-writer';

/** ВерсияСхемы written on the root: Bitrix's order replies carry 2.05 and 1C reads them (S-205bx). */
export const orderSchemaVersion = '2.05';

export type OrderCounterparty = {
  /** Контрагент/Ид: the customer's 1C ref, else its local id. */
  id: string;
  name: string;
  kind: 'person' | 'company' | null;
  inn: string | null;
  kpp: string | null;
  phone: string | null;
  email: string | null;
};

export type OrderLine = {
  /** Товар/Ид: the product's 1C ref, `#` and the characteristic's ref for a variant (§1.3). */
  id: string;
  name: string;
  unitName: string;
  /** OKEI code («796»), null when the unit has none. */
  unitCode: string | null;
  /** Kopecks per unit. */
  price: number;
  /** Thousandths. */
  qty: number;
  /** Kopecks. */
  amount: number;
};

export type OrderDocument = {
  /** The local document id (UUID v7): unique within the file and across exports. */
  id: string;
  number: string;
  /** Epoch ms. */
  date: number;
  comment: string;
  currency: string;
  counterparty: OrderCounterparty;
  warehouse: { id: string; name: string } | null;
  lines: OrderLine[];
  /** Kopecks: the sum of the lines' amounts. */
  total: number;
};

export type OrdersXmlOptions = { encoding: CmlExportEncoding; generatedAt: number; timeZone: string };

/** Full names and international abbreviations of common OKEI units, as 1C's own files print them. */
const okeiNames: Record<string, readonly [full: string, international: string]> = {
  '796': ['Штука', 'PCE'],
  '166': ['Килограмм', 'KGM'],
  '163': ['Грамм', 'GRM'],
  '112': ['Литр', 'LTR'],
  '111': ['Миллилитр', 'MLT'],
  '006': ['Метр', 'MTR'],
  '055': ['Квадратный метр', 'MTK'],
  '113': ['Кубический метр', 'MTQ'],
  '778': ['Упаковка', 'NMP'],
  '839': ['Комплект', 'SET'],
  '715': ['Пара', 'NPR'],
};

/** The file's text (prolog included) and what escaping had to change, as Russian warnings. */
export function buildOrdersXml(documents: readonly OrderDocument[], options: OrdersXmlOptions): { xml: string; warnings: string[] } {
  const warnings: string[] = [];
  let context = '';
  const writer = new XmlWriter(options.encoding, (notes, where) => warnings.push(describeNotes(notes, `${context}${where}`)));
  const generated = wallClock(options.generatedAt, options.timeZone);
  writer.open('КоммерческаяИнформация', [
    ['ВерсияСхемы', orderSchemaVersion],
    ['ДатаФормирования', `${generated.date}T${generated.time}`],
  ]);
  for (const document of documents) {
    context = `документ ${document.number}, `;
    writeDocument(writer, document, options.timeZone);
  }
  writer.close();
  return { xml: writer.finish(xmlProlog(options.encoding)), warnings };
}

function writeDocument(writer: XmlWriter, document: OrderDocument, timeZone: string): void {
  const at = wallClock(document.date, timeZone);
  writer
    .open('Документ')
    .leaf('Ид', document.id)
    .leaf('Номер', document.number, 'номер')
    .leaf('Дата', at.date)
    .leaf('ХозОперация', 'Заказ товара')
    .leaf('Роль', 'Продавец')
    .leaf('Валюта', document.currency)
    .leaf('Курс', '1')
    .leaf('Сумма', formatMoney(document.total));
  writeCounterparty(writer, document.counterparty);
  writer.leaf('Время', at.time).leaf('Комментарий', document.comment, 'комментарий');
  if (document.warehouse) {
    writer.open('Склады').open('Склад').leaf('Ид', document.warehouse.id).leaf('Наименование', document.warehouse.name, `склад «${document.warehouse.name}»`).close().close();
  }
  writer.open('Товары');
  for (const line of document.lines) writeLine(writer, line);
  writer.close().close();
}

function writeCounterparty(writer: XmlWriter, c: OrderCounterparty): void {
  const where = `покупатель «${c.name}»`;
  writer.open('Контрагенты').open('Контрагент').leaf('Ид', c.id, where).leaf('Наименование', c.name, where).leaf('Роль', 'Покупатель');
  // A company's registered name goes in ОфициальноеНаименование, a person's in ПолноеНаименование (XSD210 groups ЮридическоеЛицо / ФизическоеЛицо).
  writer.leaf(c.kind === 'company' ? 'ОфициальноеНаименование' : 'ПолноеНаименование', c.name, where);
  if (c.inn) writer.leaf('ИНН', c.inn, where);
  if (c.kpp) writer.leaf('КПП', c.kpp, where);
  if (c.phone || c.email) {
    // Contact types as Bitrix's order export writes them («Телефон рабочий», «Электронная почта»).
    writer.open('Контакты');
    if (c.phone) writer.open('Контакт').leaf('Тип', 'Телефон рабочий').leaf('Значение', c.phone, where).close();
    if (c.email) writer.open('Контакт').leaf('Тип', 'Электронная почта').leaf('Значение', c.email, where).close();
    writer.close();
  }
  writer.close().close();
}

function writeLine(writer: XmlWriter, line: OrderLine): void {
  const where = `товар «${line.name}»`;
  const code = line.unitCode?.trim() || null;
  const known = code === null ? undefined : okeiNames[code];
  const unitAttributes: Array<[string, string]> = [];
  if (code !== null) unitAttributes.push(['Код', code]);
  if (known) unitAttributes.push(['НаименованиеПолное', known[0]], ['МеждународноеСокращение', known[1]]);
  writer
    .open('Товар')
    .leaf('Ид', line.id, where)
    .leaf('Наименование', line.name, where)
    .leaf('БазоваяЕдиница', line.unitName, where, unitAttributes)
    .leaf('ЦенаЗаЕдиницу', formatMoney(line.price))
    .leaf('Количество', formatQty(line.qty))
    .leaf('Сумма', formatMoney(line.amount))
    .open('ЗначенияРеквизитов');
  for (const name of ['ВидНоменклатуры', 'ТипНоменклатуры']) {
    writer.open('ЗначениеРеквизита').leaf('Наименование', name).leaf('Значение', 'Товар').close();
  }
  writer.close().close();
}

function describeNotes(notes: EscapeNotes, where: string): string {
  const parts: string[] = [];
  if (notes.referenced.length > 0) {
    const chars = notes.referenced.map((ch) => `«${ch}» (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
    parts.push(`нет в windows-1251: ${chars} — записаны ссылками XML (&#…;), 1С прочитает их без потерь`);
  }
  if (notes.removed > 0) parts.push(`удалено служебных символов, недопустимых в XML: ${notes.removed}`);
  return `${capitalize(where)}: ${parts.join('; ')}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('ru-RU') + text.slice(1);
}
