// Test support: the variations a generated CommerceML exchange can take (commerceml.md §1–§6), and
// their defaults per ВерсияСхемы as real 1C and Bitrix files have them.

export type CmlVersion = '2.03' | '2.04' | '2.05' | '2.07' | '2.08' | '2.09' | '2.10' | '3.1';

export type CmlGeneratorOptions = {
  seed: number;
  products: number;
  version: CmlVersion;
  /** none (≤2.05), a default namespace (2.07+), or every element prefixed `cml:`. */
  namespace?: 'none' | 'default' | 'prefixed';
  encoding?: 'utf-8' | 'windows-1251';
  bom?: boolean;
  crlf?: boolean;
  /** The encoding named in the XML declaration; default: the real one. */
  declaredEncoding?: string;
  onlyChanges?: boolean;
  /** СодержитТолькоИзменения as attribute (2.04+), trailing child element (2.03) or absent. */
  flagForm?: 'attribute' | 'element' | 'absent';
  /** Every Nth product has two variants; 0 none. */
  variantsEvery?: number;
  /** Every Nth product (without variants) is deleted; 0 none. */
  deletedEvery?: number;
  /** Статус="Удален" on the Товар, ПометкаУдаления, or Bitrix's <Статус>Удален</Статус> on the offer. */
  deletionForm?: 'status' | 'mark' | 'bitrix';
  /** Склад@КоличествоНаСкладе (2.07), Остатки/Остаток/Склад (2.09+, 3.1), or only Количество (this store's warehouse). */
  stockForm?: 'attribute' | 'rests' | 'total';
  /** Price types and warehouses in the offers package (≤2.08) or in the classifier (2.09+). */
  priceTypesIn?: 'offers' | 'classifier';
  /** import___/offers___/prices___/rests___ package files instead of import.xml + offers.xml. */
  packages?: boolean;
  barcodeElement?: 'Штрихкод' | 'ШтрихКод';
  propertyElement?: 'Свойство' | 'СвойствоНоменклатуры';
  /** БазоваяЕдиница: Код="796 " (2.07), text «шт» with Код (2.04), text only, or a classifier unit Ид (3.1). */
  unitForm?: 'code' | 'text' | 'name' | 'ref';
  /** ДатаФормирования without zero padding (2026-1-5T9:05:07). */
  unpaddedDate?: boolean;
  warehouses?: number;
  priceTypes?: number;
  groups?: number;
  /** Only these product indexes are written (the rest of a partial exchange); default all. */
  only?: (index: number) => boolean;
  /** Names and prices of a later exchange differ from revision 0 (see cml-fixture-values.ts). */
  revision?: number;
  /** A first classifier.xml with the classifier and a Каталог header without Товары (2.10, 3.1). */
  headerOnlyCatalog?: boolean;
  /** ДатаФормирования, local time; default 2026-01-15 09:05:07. */
  generatedAt?: Date;
};

export type ResolvedOptions = Required<Omit<CmlGeneratorOptions, 'only' | 'declaredEncoding'>> & {
  only: (index: number) => boolean;
  declaredEncoding: string;
  namespaceUri: string | null;
  /** 2.03/2.04 list each variant as its own Товар in the catalog. */
  isVariantInCatalog: boolean;
};

const namespaces: Readonly<Record<CmlVersion, string | null>> = {
  '2.03': null,
  '2.04': null,
  '2.05': null,
  '2.07': 'urn:1C.ru:commerceml_2',
  '2.08': 'urn:1C.ru:commerceml_210',
  '2.09': 'urn:1C.ru:commerceml_2',
  '2.10': 'urn:1C.ru:commerceml_2',
  '3.1': 'urn:1C.ru:commerceml_3',
};

export function resolveOptions(options: CmlGeneratorOptions): ResolvedOptions {
  const v = options.version;
  const isOld = v === '2.03' || v === '2.04' || v === '2.05';
  const isPackageEra = v === '2.09' || v === '2.10' || v === '3.1';
  const namespace = options.namespace ?? (isOld ? 'none' : 'default');
  const encoding = options.encoding ?? 'utf-8';
  return {
    seed: options.seed,
    products: options.products,
    version: v,
    namespace,
    namespaceUri: namespace === 'none' ? null : (namespaces[v] ?? 'urn:1C.ru:commerceml_2'),
    encoding,
    bom: options.bom ?? (!isOld && encoding === 'utf-8'),
    crlf: options.crlf ?? false,
    declaredEncoding: options.declaredEncoding ?? (encoding === 'utf-8' ? 'UTF-8' : 'windows-1251'),
    onlyChanges: options.onlyChanges ?? false,
    flagForm: options.flagForm ?? (v === '2.03' ? 'element' : 'attribute'),
    variantsEvery: options.variantsEvery ?? 0,
    deletedEvery: options.deletedEvery ?? 0,
    deletionForm: options.deletionForm ?? (isPackageEra ? 'mark' : 'status'),
    stockForm: options.stockForm ?? (isPackageEra ? 'rests' : isOld ? 'total' : 'attribute'),
    priceTypesIn: options.priceTypesIn ?? (isPackageEra ? 'classifier' : 'offers'),
    packages: options.packages ?? isPackageEra,
    barcodeElement: options.barcodeElement ?? (v === '2.03' ? 'ШтрихКод' : 'Штрихкод'),
    propertyElement: options.propertyElement ?? (v === '2.03' ? 'СвойствоНоменклатуры' : 'Свойство'),
    unitForm: options.unitForm ?? (v === '3.1' ? 'ref' : isOld ? 'text' : 'code'),
    unpaddedDate: options.unpaddedDate ?? false,
    warehouses: options.warehouses ?? 3,
    priceTypes: options.priceTypes ?? 2,
    groups: options.groups ?? 9,
    only: options.only ?? (() => true),
    revision: options.revision ?? 0,
    headerOnlyCatalog: options.headerOnlyCatalog ?? false,
    generatedAt: options.generatedAt ?? new Date(2026, 0, 15, 9, 5, 7),
    isVariantInCatalog: v === '2.03' || v === '2.04',
  };
}
