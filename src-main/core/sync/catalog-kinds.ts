// Which 1C catalog feeds which mirror table, with the profile's wire names (architecture §5: a profile
// is data). Each kind says how a full 1C row becomes staged values and how refs resolve in SQL.
import { isEmptyRef } from '../onec/odata-query';
import { type CatalogSpec, type OnecProfile, type OnecRow } from '../onec/onec';
import { type StagedCatalogRow } from './catalog-mirror.repo';
import { type CatalogKind } from './catalog-pull.job';
import { boolField, textField } from './pull-context';

/** A reference field: the GUID, or null for 1C's empty ref. */
function refField(row: OnecRow, field: string | null): string | null {
  const value = textField(row, field);
  return isEmptyRef(value) ? null : (value as string).toLowerCase();
}

/** `IsFolder eq …` when the catalog is hierarchical with folders, else no filter. */
function folderFilter(spec: CatalogSpec, isFolder: boolean): string | undefined {
  return spec.fields.isFolder ? `${spec.fields.isFolder} eq ${isFolder}` : undefined;
}

const present = (fields: readonly (string | null)[]): string[] => fields.filter((f): f is string => f !== null);

export function warehousesKind(profile: OnecProfile): CatalogKind {
  const spec = profile.warehouses;
  return {
    noun: 'склад',
    set: spec.set,
    filter: folderFilter(spec, false),
    fields: present([spec.fields.name]),
    // kind and is_home are local decisions (the admin marks this PC's store): a pull never changes them.
    spec: {
      table: 'warehouses',
      stageColumns: ['name'],
      contentColumns: ['name'],
      resolveSelect: ["coalesce(s.name, '')"],
      resolveJoins: '',
      unresolvedWhen: '0',
    },
    toValues: (row) => [textField(row, spec.fields.name)],
    describeUnresolved: () => '',
  };
}

export function unitsKind(profile: OnecProfile): CatalogKind {
  const spec = profile.units;
  return {
    noun: 'единица измерения',
    set: spec.set,
    filter: folderFilter(spec, false),
    fields: present([spec.fields.name, spec.okei]),
    spec: {
      table: 'units',
      stageColumns: ['name', 'okei'],
      contentColumns: ['name', 'okei'],
      resolveSelect: ["coalesce(s.name, '')", 's.okei'],
      resolveJoins: '',
      unresolvedWhen: '0',
    },
    toValues: (row) => [textField(row, spec.fields.name), spec.okei ? (textField(row, spec.okei)?.trim() ?? null) : null],
    describeUnresolved: () => '',
  };
}

export function priceTypesKind(profile: OnecProfile): CatalogKind {
  const spec = profile.priceTypes;
  return {
    noun: 'вид цены',
    set: spec.set,
    filter: folderFilter(spec, false),
    fields: present([spec.fields.name]),
    spec: {
      table: 'price_types',
      stageColumns: ['name'],
      contentColumns: ['name'],
      resolveSelect: ["coalesce(s.name, '')"],
      resolveJoins: '',
      unresolvedWhen: '0',
    },
    toValues: (row) => [textField(row, spec.fields.name)],
    describeUnresolved: () => '',
  };
}

/** Product groups: the folders of the products catalog. Null when the catalog has no folders. */
export function groupsKind(profile: OnecProfile): CatalogKind | null {
  const spec = profile.products;
  if (!spec.fields.isFolder) return null;
  const parent = spec.fields.parent;
  return {
    noun: 'группа товаров',
    set: spec.set,
    filter: folderFilter(spec, true),
    fields: present([spec.fields.name, parent]),
    spec: {
      table: 'product_groups',
      stageColumns: ['name', 'parent_ref'],
      contentColumns: ['name', 'parent_id'],
      resolveSelect: ["coalesce(s.name, '')", 'g.id'],
      resolveJoins: 'LEFT JOIN product_groups g ON g.ref_1c = s.parent_ref',
      unresolvedWhen: '(s.parent_ref IS NOT NULL AND g.id IS NULL)',
    },
    toValues: (row) => [textField(row, spec.fields.name), refField(row, parent)],
    describeUnresolved: (values) => `родительской группы ${String(values[1])} нет в 1С`,
    orderForApply: parentsFirst,
  };
}

/**
 * Splits groups into levels so that every parent is written before its children (each level is
 * applied after the previous one, in the same transaction). Cycles, which 1C does not allow, end up
 * in the last level and resolve on the next run.
 */
function parentsFirst(rows: StagedCatalogRow[]): StagedCatalogRow[][] {
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  const depth = new Map<string, number>();
  const depthOf = (row: StagedCatalogRow, guard: number): number => {
    const known = depth.get(row.ref);
    if (known !== undefined) return known;
    const parentRef = row.values[1];
    const parent = typeof parentRef === 'string' ? byRef.get(parentRef) : undefined;
    const d = parent && guard < 64 ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(row.ref, d);
    return d;
  };
  const levels: StagedCatalogRow[][] = [];
  for (const row of rows) {
    const d = depthOf(row, 0);
    (levels[d] ??= []).push(row);
  }
  return levels.filter((level) => level.length > 0);
}

export function productsKind(profile: OnecProfile): CatalogKind {
  const spec = profile.products;
  return {
    noun: 'товар',
    set: spec.set,
    filter: folderFilter(spec, false),
    fields: present([spec.fields.code, spec.fields.name, spec.article, spec.fields.parent, spec.unit, spec.isWeighted]),
    spec: {
      table: 'products',
      stageColumns: ['code', 'article', 'name', 'parent_ref', 'unit_ref', 'is_weighted'],
      contentColumns: ['code', 'article', 'name', 'group_id', 'unit_id', 'is_weighted'],
      resolveSelect: ["coalesce(s.code, '')", "coalesce(s.article, '')", "coalesce(s.name, '')", 'g.id', 'u.id', 's.is_weighted'],
      resolveJoins: 'LEFT JOIN product_groups g ON g.ref_1c = s.parent_ref LEFT JOIN units u ON u.ref_1c = s.unit_ref',
      unresolvedWhen: '((s.parent_ref IS NOT NULL AND g.id IS NULL) OR (s.unit_ref IS NOT NULL AND u.id IS NULL))',
      // name_sort given here so the products_name_sort_ai trigger has nothing to do (bulk-load path).
      insertExtras: { name_sort: 'ru_sort_key(r.name)', updated_at: ':now' },
      updateExtras: { updated_at: ':now' },
    },
    toValues: (row) => [
      // 1C pads fixed-length codes with spaces.
      textField(row, spec.fields.code)?.trim() ?? null,
      textField(row, spec.article)?.trim() ?? null,
      textField(row, spec.fields.name),
      refField(row, spec.fields.parent),
      refField(row, spec.unit),
      boolField(row, spec.isWeighted) ? 1 : 0,
    ],
    describeUnresolved: (values) => `группа ${String(values[3] ?? '—')} или единица ${String(values[4] ?? '—')} не найдена в 1С`,
  };
}

/** Null when the configuration has no characteristics (БП). */
export function characteristicsKind(profile: OnecProfile): CatalogKind | null {
  const spec = profile.characteristics;
  if (!spec) return null;
  const ownerTypeField = spec.owner.endsWith('_Key') ? null : `${spec.owner}_Type`;
  const productType = `StandardODATA.${profile.products.set}`;
  return {
    noun: 'характеристика',
    set: spec.set,
    filter: folderFilter(spec, false),
    fields: present([spec.fields.name, spec.owner, ownerTypeField]),
    spec: {
      table: 'characteristics',
      stageColumns: ['name', 'product_ref'],
      contentColumns: ['name', 'product_id'],
      resolveSelect: ["coalesce(s.name, '')", 'p.id'],
      resolveJoins: 'LEFT JOIN products p ON p.ref_1c = s.product_ref',
      unresolvedWhen: '(s.product_ref IS NOT NULL AND p.id IS NULL)',
    },
    toValues: (row) => {
      // A composite owner (UT 11.5: a product or a product kind): only a product owner is mirrored.
      const isProductOwner = ownerTypeField === null || textField(row, ownerTypeField) === productType;
      return [textField(row, spec.fields.name), isProductOwner ? refField(row, spec.owner) : null];
    },
    describeUnresolved: (values) => `товара-владельца ${String(values[1])} нет в зеркале`,
  };
}
