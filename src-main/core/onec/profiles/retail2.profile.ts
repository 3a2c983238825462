// 1С:Розница 2.2 (from a customised 2.2.12.30 dump [RT22], onec-http.md §4). Less certain than УТ:
// names marked UNCONFIRMED may differ in a typical base; detectProfile reports them.
import { type OnecProfile } from '../onec';
import { retail2Customers } from './customers-spec';
import { documentSpec } from './document-spec';

export const retail2Profile: OnecProfile = {
  id: 'retail2',
  title: '1С:Розница 2',
  products: {
    set: 'Catalog_Номенклатура',
    fields: { code: 'Code', name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' },
    article: 'Артикул',
    // Points to БазовыеЕдиницыИзмерения. UNCONFIRMED attribute name.
    unit: 'ЕдиницаИзмерения_Key',
    // UNCONFIRMED.
    isWeighted: 'Весовой',
  },
  // Розница also has Catalog_Магазины; stock is kept per Склад, so warehouses are what we mirror.
  // Hierarchy UNCONFIRMED: not read.
  warehouses: { set: 'Catalog_Склады', fields: { code: 'Code', name: 'Description', parent: null, isFolder: null } },
  units: { set: 'Catalog_БазовыеЕдиницыИзмерения', fields: { code: 'Code', name: 'Description', parent: null, isFolder: null }, okei: null },
  characteristics: {
    set: 'Catalog_ХарактеристикиНоменклатуры',
    fields: { code: null, name: 'Description', parent: null, isFolder: null },
    owner: 'Owner_Key',
  },
  priceTypes: { set: 'Catalog_ВидыЦен', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
  // Fields seen in the dump: Штрихкод, Владелец, Характеристика, Упаковка, ТипШтрихкода. Владелец is
  // assumed composite (the product or another owner), so its wire field is `Владелец` (+ `Владелец_Type`):
  // UNCONFIRMED.
  barcodes: {
    set: 'InformationRegister_Штрихкоды',
    code: 'Штрихкод',
    product: 'Владелец',
    characteristic: 'Характеристика_Key',
    packageUnit: 'Упаковка_Key',
  },
  prices: {
    set: 'InformationRegister_ЦеныНоменклатуры',
    isRecorderSubordinate: true,
    product: 'Номенклатура',
    characteristic: 'Характеристика',
    priceType: 'ВидЦены',
    price: 'Цена',
  },
  stock: {
    register: 'AccumulationRegister_ТоварыНаСкладах',
    productDimension: 'Номенклатура',
    characteristicDimension: 'Характеристика',
    warehouseDimension: 'Склад',
    resource: 'Количество',
  },
  // Document names from the 2.2 dump (onec-http.md §4); header and row field names UNCONFIRMED (assumed
  // like УТ: Склад, Товары). Transfers also name stores (МагазинОтправитель/Получатель), not sent here.
  documents: {
    receipt: documentSpec({ set: 'Document_ПоступлениеТоваров', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
    shipment: documentSpec({ set: 'Document_РеализацияТоваров', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
    transfer: documentSpec({ set: 'Document_ПеремещениеТоваров', warehouse: 'СкладОтправитель_Key', toWarehouse: 'СкладПолучатель_Key', section: 'Товары', hasPrices: false }),
    writeoff: documentSpec({ set: 'Document_СписаниеТоваров', warehouse: 'Склад_Key', section: 'Товары', hasPrices: false }),
    count: documentSpec({ set: 'Document_ПересчетТоваров', warehouse: 'Склад_Key', hasOrganization: false, section: 'Товары', hasPrices: false }),
    // UNCONFIRMED fields, assumed like УТ; sent unposted (document-kinds.ts).
    supplier_order: documentSpec({ set: 'Document_ЗаказПоставщику', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
  },
  customers: retail2Customers,
};
