// 1С:Бухгалтерия предприятия 3.0 (3.0.198.19 dump [BP30], onec-http.md §4): catalogs and prices only.
//
// GAP: БП has no quantity accumulation register. Stock lives in the accounting register
// Хозрасчетный (account 41 and others, subconto 1 = product, subconto 2 = warehouse when warehouse
// accounting is on), whose `Balance` needs AccountCondition/ExtraDimensions and whose result field
// names (e.g. КоличествоBalanceDr) are UNCONFIRMED. `stock` cannot be null in OnecProfile, so it names
// that register with the likely subconto fields as a placeholder; detectProfile always lists the
// stock balance as missing for this profile, and the sync must not pull balances from it.
import { type OnecProfile } from '../onec';
import { bp30Customers } from './customers-spec';
import { documentSpec } from './document-spec';

export const bp30Profile: OnecProfile = {
  id: 'bp30',
  title: '1С:Бухгалтерия предприятия 3.0',
  products: {
    set: 'Catalog_Номенклатура',
    fields: { code: 'Code', name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' },
    article: 'Артикул',
    // Points to КлассификаторЕдиницИзмерения. UNCONFIRMED attribute name.
    unit: 'ЕдиницаИзмерения_Key',
    isWeighted: null,
  },
  // Hierarchy UNCONFIRMED: not read.
  warehouses: { set: 'Catalog_Склады', fields: { code: 'Code', name: 'Description', parent: null, isFolder: null } },
  units: { set: 'Catalog_КлассификаторЕдиницИзмерения', fields: { code: 'Code', name: 'Description', parent: null, isFolder: null }, okei: 'Code' },
  // БП has no characteristics (variants).
  characteristics: null,
  priceTypes: { set: 'Catalog_ТипыЦенНоменклатуры', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
  // Independent register, dimension Штрихкод, resource Номенклатура.
  barcodes: {
    set: 'InformationRegister_ШтрихкодыНоменклатуры',
    code: 'Штрихкод',
    product: 'Номенклатура_Key',
    characteristic: null,
    packageUnit: null,
  },
  // Periodic (day), recorder-subordinate; dims ТипЦен, Номенклатура; resource Цена.
  prices: {
    set: 'InformationRegister_ЦеныНоменклатуры',
    isRecorderSubordinate: true,
    product: 'Номенклатура',
    characteristic: null,
    priceType: 'ТипЦен',
    price: 'Цена',
  },
  // Placeholder, see GAP above.
  stock: {
    register: 'AccountingRegister_Хозрасчетный',
    productDimension: 'ExtDimension1',
    characteristicDimension: null,
    warehouseDimension: 'ExtDimension2',
    resource: 'Количество',
  },
  // Document names from the 3.0.198 dump (onec-http.md §4); no characteristics in БП.
  documents: {
    receipt: documentSpec({ set: 'Document_ПоступлениеТоваровУслуг', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true, hasCharacteristics: false }),
    shipment: documentSpec({ set: 'Document_РеализацияТоваровУслуг', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true, hasCharacteristics: false }),
    transfer: documentSpec({ set: 'Document_ПеремещениеТоваров', warehouse: 'СкладОтправитель_Key', toWarehouse: 'СкладПолучатель_Key', section: 'Товары', hasPrices: false, hasCharacteristics: false }),
    writeoff: documentSpec({ set: 'Document_СписаниеТоваров', warehouse: 'Склад_Key', section: 'Товары', hasPrices: false, hasCharacteristics: false }),
    count: documentSpec({ set: 'Document_ИнвентаризацияТоваровНаСкладе', warehouse: 'Склад_Key', section: 'Товары', hasPrices: false, hasCharacteristics: false }),
    // БП 3.0 has no supplier order (its nearest, СчетНаОплатуПоставщика, is the supplier's invoice).
    supplier_order: null,
  },
  customers: bp30Customers,
};
