// 1С:Управление нашей фирмой (live demo $metadata [UNF-META] and a dump [UNF-SRC], onec-http.md §4).
// The demo publication had no barcode or price registers at all: detectProfile says so in words.
import { type OnecProfile } from '../onec';
import { unfCustomers } from './customers-spec';
import { documentSpec } from './document-spec';


export const unfProfile: OnecProfile = {
  id: 'unf',
  title: '1С:Управление нашей фирмой',
  products: {
    set: 'Catalog_Номенклатура',
    fields: { code: 'Code', name: 'Description', parent: 'Parent_Key', isFolder: 'IsFolder' },
    article: 'Артикул',
    // Points to КлассификаторЕдиницИзмерения. UNCONFIRMED attribute name.
    unit: 'ЕдиницаИзмерения_Key',
    // UNCONFIRMED (the emulator assumes it too); detectProfile reports it if a base lacks it.
    isWeighted: 'Весовой',
  },
  // Stores and warehouses are structural units. Hierarchy and code attributes UNCONFIRMED: not read.
  warehouses: { set: 'Catalog_СтруктурныеЕдиницы', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
  // In BSP-style classifiers the code is the OKEI code (UNCONFIRMED for this base).
  units: { set: 'Catalog_КлассификаторЕдиницИзмерения', fields: { code: 'Code', name: 'Description', parent: null, isFolder: null }, okei: 'Code' },
  // The owner is composite (a product or a product category), so the wire carries `Owner` (the GUID
  // as a string) + `Owner_Type`, as in sample 08's ЕдиницыИзмерения. UNCONFIRMED for this catalog.
  characteristics: {
    set: 'Catalog_ХарактеристикиНоменклатуры',
    fields: { code: null, name: 'Description', parent: null, isFolder: null },
    owner: 'Owner',
  },
  priceTypes: { set: 'Catalog_ВидыЦен', fields: { code: null, name: 'Description', parent: null, isFolder: null } },
  // In the source, not in the demo publication; field names UNCONFIRMED (the unit is likely composite,
  // so it is not read).
  barcodes: {
    set: 'InformationRegister_ШтрихкодыНоменклатуры',
    code: 'Штрихкод',
    product: 'Номенклатура_Key',
    characteristic: 'Характеристика_Key',
    packageUnit: null,
  },
  // Independent and periodic: SliceLast binds to the plain set.
  prices: {
    set: 'InformationRegister_ЦеныНоменклатуры',
    isRecorderSubordinate: false,
    product: 'Номенклатура',
    characteristic: 'Характеристика',
    priceType: 'ВидЦен',
    price: 'Цена',
  },
  // Live: dims Организация, Номенклатура, Характеристика, Партия, СтруктурнаяЕдиница, Ячейка; КоличествоBalance.
  stock: {
    register: 'AccumulationRegister_ЗапасыНаСкладах',
    productDimension: 'Номенклатура',
    characteristicDimension: 'Характеристика',
    warehouseDimension: 'СтруктурнаяЕдиница',
    resource: 'Количество',
  },
  // Documents seen in the live demo $metadata (onec-http.md §4); the tabular section is `Запасы`.
  documents: {
    receipt: documentSpec({ set: 'Document_ПриходнаяНакладная', warehouse: 'СтруктурнаяЕдиница_Key', counterparty: 'Контрагент_Key', section: 'Запасы', hasPrices: true }),
    shipment: documentSpec({ set: 'Document_РасходнаяНакладная', warehouse: 'СтруктурнаяЕдиница_Key', counterparty: 'Контрагент_Key', section: 'Запасы', hasPrices: true }),
    transfer: documentSpec({ set: 'Document_ПеремещениеЗапасов', warehouse: 'СтруктурнаяЕдиница_Key', toWarehouse: 'СтруктурнаяЕдиницаПолучатель_Key', section: 'Запасы', hasPrices: false }),
    writeoff: documentSpec({ set: 'Document_СписаниеЗапасов', warehouse: 'СтруктурнаяЕдиница_Key', section: 'Запасы', hasPrices: false }),
    // An inventory count records no stock movement by itself (write-off / surplus documents do).
    count: documentSpec({ set: 'Document_ИнвентаризацияЗапасов', warehouse: 'СтруктурнаяЕдиница_Key', section: 'Запасы', hasPrices: false }),
    // UNCONFIRMED: the warehouse attribute of УНФ's order (taken as the reserve unit); sent unposted.
    supplier_order: documentSpec({ set: 'Document_ЗаказПоставщику', warehouse: 'СтруктурнаяЕдиницаРезерв_Key', counterparty: 'Контрагент_Key', section: 'Запасы', hasPrices: true }),
  },
  customers: unfCustomers,
};
