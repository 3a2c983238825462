// zod schemas for profiles and admin overrides (architecture §5: "let the admin override every name").
// Names end up inside $select/$filter/paths, so they are restricted to what 1C metadata names can be.
import { z } from 'zod';
import { type OnecDocumentKind, onecProfileIds } from '../onec';

/** `Catalog_Номенклатура`, `InformationRegister_ЦеныНоменклатуры25`: an English prefix, `_`, a metadata name. */
const setName = z.string().regex(/^[A-Za-z]+_[\p{L}\p{N}_]+$/u, 'ожидается имя набора OData, например Catalog_Номенклатура');
/** A wire field or dimension name: letters, digits, `_` (e.g. `Parent_Key`, `Артикул`). */
const fieldName = z.string().regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'ожидается имя реквизита 1С: буквы, цифры и _');

const catalogFieldsShape = {
  code: fieldName.nullable(),
  name: fieldName,
  parent: fieldName.nullable(),
  isFolder: fieldName.nullable(),
};
const catalogShape = { set: setName, fields: z.strictObject(catalogFieldsShape) };

const productsShape = { ...catalogShape, article: fieldName.nullable(), unit: fieldName.nullable(), isWeighted: fieldName.nullable() };
const unitsShape = { ...catalogShape, okei: fieldName.nullable() };
const characteristicsShape = { ...catalogShape, owner: fieldName };
const barcodesShape = { set: setName, code: fieldName, product: fieldName, characteristic: fieldName.nullable(), packageUnit: fieldName.nullable() };
const pricesShape = {
  set: setName,
  isRecorderSubordinate: z.boolean(),
  product: fieldName,
  characteristic: fieldName.nullable(),
  priceType: fieldName,
  price: fieldName,
};
const stockShape = {
  register: setName,
  productDimension: fieldName,
  characteristicDimension: fieldName.nullable(),
  warehouseDimension: fieldName,
  resource: fieldName,
};

const documentShape = {
  set: setName,
  warehouse: fieldName,
  toWarehouse: fieldName.nullable(),
  counterparty: fieldName.nullable(),
  organization: fieldName.nullable(),
  comment: fieldName,
  lines: z.strictObject({
    section: fieldName,
    product: fieldName,
    characteristic: fieldName.nullable(),
    quantity: fieldName,
    price: fieldName.nullable(),
    amount: fieldName.nullable(),
  }),
};
const documentSchema = z.strictObject(documentShape).nullable();

const legalFormShape = { field: fieldName, company: fieldName, person: fieldName, entrepreneur: fieldName.nullable() };
const contactsShape = { section: fieldName, type: fieldName, presentation: fieldName, phoneType: fieldName, emailType: fieldName };
const customersShape = {
  set: setName,
  name: fieldName,
  fullName: fieldName.nullable(),
  isFolder: fieldName.nullable(),
  inn: fieldName,
  kpp: fieldName.nullable(),
  comment: fieldName.nullable(),
  legalForm: z.strictObject(legalFormShape),
  contacts: z.strictObject(contactsShape).nullable(),
};
const documentsSchema = z.strictObject({
  receipt: documentSchema,
  shipment: documentSchema,
  transfer: documentSchema,
  writeoff: documentSchema,
  count: documentSchema,
  supplier_order: documentSchema,
} satisfies Record<OnecDocumentKind, z.ZodType>);

export const onecProfileSchema = z.strictObject({
  id: z.enum(onecProfileIds),
  title: z.string().min(1),
  products: z.strictObject(productsShape),
  warehouses: z.strictObject(catalogShape),
  units: z.strictObject(unitsShape),
  characteristics: z.strictObject(characteristicsShape).nullable(),
  priceTypes: z.strictObject(catalogShape),
  barcodes: z.strictObject(barcodesShape).nullable(),
  prices: z.strictObject(pricesShape).nullable(),
  stock: z.strictObject(stockShape),
  documents: documentsSchema,
  customers: z.strictObject(customersShape).nullable(),
});

// Overrides: every key optional at every level; `null` switches a nullable section or field off.
// Unknown keys are refused, so a typo in the settings is an error, not a silently ignored name.
const catalogPatchShape = { set: setName.optional(), fields: z.strictObject(catalogFieldsShape).partial().optional() };
const optionalShape = <T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } =>
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };

export const onecProfileOverridesSchema = z.strictObject({
  title: z.string().min(1).optional(),
  products: z.strictObject({ ...catalogPatchShape, article: productsShape.article.optional(), unit: productsShape.unit.optional(), isWeighted: productsShape.isWeighted.optional() }).optional(),
  warehouses: z.strictObject(catalogPatchShape).optional(),
  units: z.strictObject({ ...catalogPatchShape, okei: unitsShape.okei.optional() }).optional(),
  characteristics: z.strictObject({ ...catalogPatchShape, owner: fieldName.optional() }).nullable().optional(),
  priceTypes: z.strictObject(catalogPatchShape).optional(),
  barcodes: z.strictObject(optionalShape(barcodesShape)).nullable().optional(),
  prices: z.strictObject(optionalShape(pricesShape)).nullable().optional(),
  stock: z.strictObject(optionalShape(stockShape)).optional(),
  // A document kind is replaced whole (or switched off with null): its names only make sense together.
  documents: documentsSchema.partial().optional(),
  customers: z
    .strictObject({
      ...optionalShape({ set: customersShape.set, name: customersShape.name, fullName: customersShape.fullName, isFolder: customersShape.isFolder, inn: customersShape.inn, kpp: customersShape.kpp, comment: customersShape.comment }),
      legalForm: z.strictObject(optionalShape(legalFormShape)).optional(),
      contacts: z.strictObject(optionalShape(contactsShape)).nullable().optional(),
    })
    .nullable()
    .optional(),
});
