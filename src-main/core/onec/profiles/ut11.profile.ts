// 1С:Управление торговлей 11 (checked against УТ 11.5.18.41 sources, onec-http.md §4).
// Names marked UNCONFIRMED come from the brief or older UT lines, not from the 11.5 source; detectProfile
// reports each one that a real publication lacks, and the admin can override it.
import { type OnecProfile } from '../onec';
import { ut11Customers } from './customers-spec';
import { documentSpec } from './document-spec';


export const ut11Profile: OnecProfile = {
  id: 'ut11',
  title: '1С:Управление торговлей 11',
  products: {
    set: 'Catalog_Номенклатура',
    fields: { code: 'Code', name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' },
    article: 'Артикул',
    unit: 'ЕдиницаИзмерения_Key',
    // Present in live UT 11 $metadata (Edm.Boolean, next to ВесЧислитель/ВесЗнаменатель): the product's
    // quantity is measured by weight. UT 11 has no `Весовой` attribute (that is Розница's name).
    isWeighted: 'ВесИспользовать',
  },
  // Склады is hierarchical with a string code in 11.5 (Склады.mdo); stores are Склады elements.
  warehouses: { set: 'Catalog_Склады', fields: { code: 'Code', name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' } },
  // Units and packages share one catalog in UT 11 (Номенклатура.ЕдиницаИзмерения points here).
  // Its code/OKEI attribute names are UNCONFIRMED, so they are not read.
  units: { set: 'Catalog_УпаковкиЕдиницыИзмерения', fields: { code: null, name: 'Description', parent: null, isFolder: null }, okei: null },
  // UNCONFIRMED: in 11.5 the owner may be composite (Номенклатура or ВидыНоменклатуры), which the wire
  // shows as `Owner` + `Owner_Type`; detectProfile then reports Owner_Key as missing.
  characteristics: {
    set: 'Catalog_ХарактеристикиНоменклатуры',
    fields: { code: null, name: 'Description', parent: null, isFolder: null },
    owner: 'Owner_Key',
  },
  priceTypes: { set: 'Catalog_ВидыЦен', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
  // Independent register keyed by Штрихкод (live, P9).
  barcodes: {
    set: 'InformationRegister_ШтрихкодыНоменклатуры',
    code: 'Штрихкод',
    product: 'Номенклатура_Key',
    characteristic: 'Характеристика_Key',
    packageUnit: 'Упаковка_Key',
  },
  // Periodic, subordinate to УстановкаЦенНоменклатуры: read via `…_RecordType/SliceLast`. A base in the
  // ЦеныНоменклатуры25 price mode keeps prices elsewhere (UNCONFIRMED which one is active).
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
    resource: 'ВНаличии',
  },
  // Documents (onec-http.md §4, УТ 11.5 sources). Row fields of `Товары` per the UT 11.5 sketch in
  // §3.1; a count (ПересчетТоваров) records no stock movement in 1C.
  documents: {
    receipt: documentSpec({ set: 'Document_ПриобретениеТоваровУслуг', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
    shipment: documentSpec({ set: 'Document_РеализацияТоваровУслуг', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
    transfer: documentSpec({ set: 'Document_ПеремещениеТоваров', warehouse: 'СкладОтправитель_Key', toWarehouse: 'СкладПолучатель_Key', section: 'Товары', hasPrices: false }),
    // UNCONFIRMED: whether СписаниеНедостачТоваров rows carry Цена/Сумма; sent, and 1C ignores unknown fields.
    writeoff: documentSpec({ set: 'Document_СписаниеНедостачТоваров', warehouse: 'Склад_Key', section: 'Товары', hasPrices: true }),
    count: documentSpec({ set: 'Document_ПересчетТоваров', warehouse: 'Склад_Key', hasOrganization: false, section: 'Товары', hasPrices: false }),
    // Sent unposted: the manager chooses the supplier (Партнер/Контрагент) and posts it in 1C.
    supplier_order: documentSpec({ set: 'Document_ЗаказПоставщику', warehouse: 'Склад_Key', counterparty: 'Контрагент_Key', section: 'Товары', hasPrices: true }),
  },
  customers: ut11Customers,
};
