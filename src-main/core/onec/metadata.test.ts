import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProfile, findMissing, parseMetadataXml } from './metadata';
import { type OnecProfile } from './onec';
import { applyProfileOverrides, getProfile } from './profiles';

// Real 1C bodies, copied from shared/fixtures so the repo tests itself wherever it is cloned.
const fixtureDir = join(__dirname, '../../../tests/fixtures/1c-odata');

type TypeSpec = { name: string; properties: readonly string[]; isComplex?: boolean; isSet?: boolean };
type FunctionSpec = { name: string; binding: string };

/** CSDL shaped like 1C's: one attribute per line, tabs, bindable FunctionImports without EntitySet. */
function csdl(types: readonly TypeSpec[], functions: readonly FunctionSpec[]): string {
  const typeXml = types.map((type) => {
    const tag = type.isComplex ? 'ComplexType' : 'EntityType';
    const props = type.properties.map((p) => `\t\t\t\t<Property Name="${p}"\n\t\t\t\t\t\tType="Edm.String"\n\t\t\t\t\t\tNullable="true"/>`).join('\n');
    return `\t\t\t<${tag} Name="${type.name}"${type.isComplex ? '' : '\n\t\t\t\t\tOpenType="true"'}>\n${type.isComplex ? '' : '\t\t\t\t<Key>\n\t\t\t\t\t<PropertyRef Name="Ref_Key"/>\n\t\t\t\t</Key>\n'}${props}\n\t\t\t</${tag}>`;
  });
  const sets = types.filter((t) => t.isSet !== false && !t.isComplex).map((t) => `\t\t\t\t<EntitySet Name="${t.name}"\n\t\t\t\t\t\tEntityType="StandardODATA.${t.name}"/>`);
  const fns = functions.map((f) => `\t\t\t\t<FunctionImport Name="${f.name}"\n\t\t\t\t\t\tIsBindable="true"\n\t\t\t\t\t\tIsSideEffecting="false">\n\t\t\t\t\t<Parameter Name="bindingParameter"\n\t\t\t\t\t\t\tType="StandardODATA.${f.binding}"/>\n\t\t\t\t\t<Parameter Name="Condition"\n\t\t\t\t\t\t\tType="Edm.String"/>\n\t\t\t\t</FunctionImport>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">\n<edmx:DataServices m:DataServiceVersion="3.0">\n<Schema Namespace="StandardODATA">\n${typeXml.join('\n')}\n<EntityContainer Name="EnterpriseV8">\n${sets.join('\n')}\n${fns.join('\n')}\n</EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>`;
}

const present = (...names: ReadonlyArray<string | null>): string[] => names.filter((n): n is string => n !== null);

/** What a publication that fully matches `profile` would contain. */
function publicationFor(profile: OnecProfile, options: { without?: readonly string[]; sliceLastOn?: 'set' | 'record'; withoutBalance?: boolean } = {}): { types: TypeSpec[]; functions: FunctionSpec[] } {
  const types: TypeSpec[] = [];
  const functions: FunctionSpec[] = [];
  const catalog = (spec: OnecProfile['warehouses'], extra: ReadonlyArray<string | null> = []): void => {
    types.push({ name: spec.set, properties: present('Ref_Key', 'DataVersion', spec.fields.code, spec.fields.name, spec.fields.parent, spec.fields.isFolder, ...extra) });
  };
  catalog(profile.products, [profile.products.article, profile.products.unit, profile.products.isWeighted]);
  catalog(profile.warehouses);
  catalog(profile.units, [profile.units.okei]);
  if (profile.characteristics) catalog(profile.characteristics, [profile.characteristics.owner]);
  catalog(profile.priceTypes);
  if (profile.barcodes) {
    const b = profile.barcodes;
    types.push({ name: b.set, properties: present(b.code, b.product, b.characteristic, b.packageUnit) });
  }
  if (profile.prices) {
    const p = profile.prices;
    const fields = present('Period', `${p.product}_Key`, p.characteristic && `${p.characteristic}_Key`, `${p.priceType}_Key`, p.price);
    if (p.isRecorderSubordinate) {
      types.push({ name: p.set, properties: ['Recorder', 'RecordSet'] }, { name: `${p.set}_RecordType`, properties: fields });
    } else {
      types.push({ name: p.set, properties: fields });
    }
    const onRecord = options.sliceLastOn ? options.sliceLastOn === 'record' : p.isRecorderSubordinate;
    functions.push({ name: 'SliceLast', binding: onRecord ? `${p.set}_RecordType` : p.set });
  }
  const s = profile.stock;
  types.push(
    { name: s.register, properties: ['Recorder', 'RecordSet'] },
    { name: `${s.register}_Balance`, isComplex: true, properties: present(`${s.productDimension}_Key`, s.characteristicDimension && `${s.characteristicDimension}_Key`, `${s.warehouseDimension}_Key`, `${s.resource}Balance`) },
  );
  if (!options.withoutBalance) functions.push({ name: 'Balance', binding: s.register });
  if (profile.customers) {
    const c = profile.customers;
    types.push({ name: c.set, properties: present('Ref_Key', 'DataVersion', c.name, c.fullName, c.isFolder, c.inn, c.kpp, c.comment, c.legalForm.field, c.contacts?.section ?? null) });
    // The contact rows are a ComplexType named after the set and the section.
    if (c.contacts) types.push({ name: `${c.set}_${c.contacts.section}_RowType`, isComplex: true, properties: [c.contacts.type, c.contacts.presentation] });
  }
  const without = new Set(options.without ?? []);
  return { types: types.filter((t) => !without.has(t.name)), functions };
}

const metadataFor = (profile: OnecProfile, options?: Parameters<typeof publicationFor>[1]) => {
  const { types, functions } = publicationFor(profile, options);
  return parseMetadataXml(csdl(types, functions));
};

describe('parseMetadataXml', () => {
  it('reads sets, properties, complex types and bound functions from the УНФ excerpt (sample 08)', () => {
    const metadata = parseMetadataXml(readFileSync(join(fixtureDir, '08-metadata-unf-excerpt.xml'), 'utf8'));
    expect([...metadata.entitySets].sort()).toEqual(['AccumulationRegister_ЗапасыНаСкладах', 'AccumulationRegister_ЗапасыНаСкладах_RecordType']);
    expect(metadata.properties.get('Catalog_ЕдиницыИзмерения')).toEqual(
      new Set(['Ref_Key', 'Predefined', 'PredefinedDataName', 'DataVersion', 'Description', 'Code', 'Owner', 'DeletionMark', 'Коэффициент', 'ЕдиницаИзмеренияПоКлассификатору_Key', 'ЕдиницаИзмеренияВладельца_Key', 'Owner_Type']),
    );
    expect(metadata.properties.get('AccumulationRegister_ЗапасыНаСкладах_Balance')?.has('КоличествоBalance')).toBe(true);
    // NavigationProperty and PropertyRef are not properties.
    expect(metadata.properties.get('AccumulationRegister_ЗапасыНаСкладах_RecordType')?.has('Номенклатура')).toBe(false);
    expect(metadata.boundFunctions.get('AccumulationRegister_ЗапасыНаСкладах')).toEqual(new Set(['Balance', 'BalanceAndTurnovers']));
    expect(metadata.boundFunctions.get('Document_ПриходнаяНакладная')).toEqual(new Set(['Post', 'Unpost']));
    expect(metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('copes with CR CR LF line ends and XML entities', () => {
    const xml = csdl([{ name: 'Catalog_A', properties: ['Ref_Key'] }], []).replace(/\n/g, '\r\r\n').replaceAll('Catalog_A"', 'Catalog_A&amp;B"');
    expect(parseMetadataXml(xml).entitySets.has('Catalog_A&B')).toBe(true);
  });

  it('parses a 15+ MB document in one pass within a few seconds', () => {
    const types: TypeSpec[] = [];
    const functions: FunctionSpec[] = [];
    for (let i = 0; i < 5500; i += 1) {
      types.push({ name: `Catalog_Справочник${i}`, properties: Array.from({ length: 25 }, (_, j) => `Реквизит${j}_Key`) });
      functions.push({ name: 'SliceLast', binding: `Catalog_Справочник${i}` });
    }
    const xml = csdl(types, functions);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(15_000_000);
    const started = performance.now();
    const metadata = parseMetadataXml(xml);
    const elapsed = performance.now() - started;
    expect(metadata.entitySets.size).toBe(5500);
    expect(metadata.properties.get('Catalog_Справочник5499')?.size).toBe(25);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('detectProfile', () => {
  it.each(['ut11', 'unf', 'retail2', 'bp30'] as const)('recognises a complete %s publication', (id) => {
    const detection = detectProfile(metadataFor(getProfile(id)));
    expect(detection.profile?.id).toBe(id);
    // БП always reports its stock gap; everything else is complete.
    expect(detection.missing.map((m) => m.set)).toEqual(id === 'bp30' ? ['AccountingRegister_Хозрасчетный'] : []);
    expect(detection.scores[id]).toBeGreaterThan(0.9);
  });

  it('takes a Розница 3 publication as УНФ (one family, indistinguishable by these names)', () => {
    expect(detectProfile(metadataFor(getProfile('retail3'))).profile?.id).toBe('unf');
  });

  it('names an unpublished barcode register in Russian with the OData call to fix it, and not its fields', () => {
    const detection = detectProfile(metadataFor(getProfile('ut11'), { without: ['InformationRegister_ШтрихкодыНоменклатуры'] }));
    expect(detection.profile?.id).toBe('ut11');
    expect(detection.missing).toEqual([
      { what: 'Штрихкоды номенклатуры', set: 'InformationRegister_ШтрихкодыНоменклатуры', hint: expect.stringContaining('УстановитьСоставСтандартногоИнтерфейсаOData') },
    ]);
  });

  it('explains a SliceLast bound to the plain set of a register the profile calls subordinate', () => {
    const detection = detectProfile(metadataFor(getProfile('ut11'), { sliceLastOn: 'set' }));
    const sliceLast = detection.missing.find((m) => m.set === 'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast');
    expect(sliceLast?.hint).toContain('подчинён регистратору');
  });

  it('names an unpublished counterparty catalog, and a legal-form attribute the configuration names differently', () => {
    const unpublished = detectProfile(metadataFor(getProfile('ut11'), { without: ['Catalog_Контрагенты'] }));
    expect(unpublished.profile?.id).toBe('ut11');
    expect(unpublished.missing).toEqual([{ what: 'Контрагенты', set: 'Catalog_Контрагенты', hint: expect.stringContaining('УстановитьСоставСтандартногоИнтерфейсаOData') }]);
    // An older УНФ (ЮрФизЛицо instead of ВидКонтрагента): detected as УНФ, the field reported for the names editor.
    const unf = getProfile('unf');
    const customers = unf.customers;
    if (!customers) throw new Error('unf has customers');
    const older = metadataFor({ ...unf, customers: { ...customers, legalForm: { ...customers.legalForm, field: 'ЮрФизЛицо' } } });
    expect(findMissing(unf, older).map((m) => m.set)).toEqual(['Catalog_Контрагенты/ВидКонтрагента']);
  });

  it('reports a stock register without Balance', () => {
    const detection = detectProfile(metadataFor(getProfile('unf'), { withoutBalance: true }));
    expect(detection.missing.map((m) => m.set)).toEqual(['AccumulationRegister_ЗапасыНаСкладах/Balance']);
  });

  it('reports a field the configuration names differently', () => {
    const profile = getProfile('ut11');
    const metadata = metadataFor({ ...profile, products: { ...profile.products, article: 'АртикулПоставщика' } });
    const detection = detectProfile(metadata);
    expect(detection.profile?.id).toBe('ut11');
    expect(detection.missing).toEqual([{ what: 'Номенклатура: поле «Артикул»', set: 'Catalog_Номенклатура/Артикул', hint: expect.stringContaining('настройках профиля') }]);
  });

  it('checks an admin-overridden profile against the publication', () => {
    const base = getProfile('ut11');
    const metadata = metadataFor({ ...base, products: { ...base.products, article: 'АртикулПоставщика' } });
    expect(findMissing(base, metadata).map((m) => m.set)).toEqual(['Catalog_Номенклатура/Артикул']);
    expect(findMissing(applyProfileOverrides(base, { products: { article: 'АртикулПоставщика' } }), metadata)).toEqual([]);
  });

  it('detects УНФ from the sample 08 excerpt and lists what the publication lacks', () => {
    const detection = detectProfile(parseMetadataXml(readFileSync(join(fixtureDir, '08-metadata-unf-excerpt.xml'), 'utf8')));
    expect(detection.profile?.id).toBe('unf');
    expect(detection.scores.unf).toBeGreaterThan(detection.scores.ut11);
    expect(detection.missing.map((m) => m.what)).toEqual(
      expect.arrayContaining(['Номенклатура', 'Склады', 'Штрихкоды номенклатуры', 'Цены номенклатуры']),
    );
    expect(detection.missing.some((m) => m.set.startsWith('AccumulationRegister_ЗапасыНаСкладах'))).toBe(false);
  });

  it('gives no profile for an empty publication or when unrelated configurations tie', () => {
    expect(detectProfile(parseMetadataXml(csdl([], []))).profile).toBeNull();
    const onlyProducts = parseMetadataXml(csdl([{ name: 'Catalog_Номенклатура', properties: ['Ref_Key', 'Code', 'Description', 'Parent_Key', 'IsFolder'] }], []));
    expect(detectProfile(onlyProducts).profile).toBeNull();
  });
});
