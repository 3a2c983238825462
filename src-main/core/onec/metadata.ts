// `$metadata` (OData v3 CSDL, 15+ MB on a real base) reduced to what profile detection needs, and
// profile detection itself (architecture §5, onec-http.md §1.8, §2.2).
//
// The parser is one linear regex scan over the tags we care about: no DOM, no per-element objects
// beyond the names kept, so a 17 MB document costs one pass and a few MB of Sets. It relies on what
// 1C emits (double-quoted attributes, no CDATA or comments inside elements of interest); elements
// may span lines, as 1C pretty-prints one attribute per line.
import { createHash } from 'node:crypto';
import { onecProfileIds, type OnecProfile, type OnecProfileId } from './onec';
import { decodeXmlEntities } from './odata-envelope';
import { onecProfiles } from './profiles';

export type OnecMetadata = {
  entitySets: Set<string>;
  /** EntityType and ComplexType name (without namespace) → its Property names. */
  properties: Map<string, Set<string>>;
  /** Binding type name (without namespace), e.g. `AccumulationRegister_ТоварыНаСкладах` → {Balance, Turnovers, …}. */
  boundFunctions: Map<string, Set<string>>;
  /** sha256 (hex) of the XML text. */
  hash: string;
};

const tagPattern = /<(\/?)(EntityType|ComplexType|EntitySet|Property|FunctionImport|Parameter)\b([^>]*)>/g;

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  if (!match) return null;
  return decodeXmlEntities(match[1] ?? match[2] ?? '');
}

/** `StandardODATA.Catalog_Номенклатура` → `Catalog_Номенклатура` (1C names never contain dots). */
function withoutNamespace(typeName: string): string {
  const dot = typeName.lastIndexOf('.');
  return dot === -1 ? typeName : typeName.slice(dot + 1);
}

export function parseMetadataXml(xml: string): OnecMetadata {
  const entitySets = new Set<string>();
  const properties = new Map<string, Set<string>>();
  const boundFunctions = new Map<string, Set<string>>();
  let currentType: Set<string> | null = null;
  let currentFunction: string | null = null;
  for (const match of xml.matchAll(tagPattern)) {
    const isClosing = match[1] === '/';
    const tag = match[2];
    const attributes = match[3] ?? '';
    const isSelfClosing = attributes.trimEnd().endsWith('/');
    if (isClosing) {
      if (tag === 'EntityType' || tag === 'ComplexType') currentType = null;
      if (tag === 'FunctionImport') currentFunction = null;
      continue;
    }
    const name = attribute(attributes, 'Name');
    if (name === null) continue;
    switch (tag) {
      case 'EntityType':
      case 'ComplexType': {
        const members = properties.get(name) ?? new Set<string>();
        properties.set(name, members);
        currentType = isSelfClosing ? null : members;
        break;
      }
      case 'Property':
        currentType?.add(name);
        break;
      case 'EntitySet':
        entitySets.add(name);
        break;
      case 'FunctionImport':
        currentFunction = isSelfClosing ? null : name;
        break;
      case 'Parameter': {
        const type = attribute(attributes, 'Type');
        if (currentFunction !== null && name === 'bindingParameter' && type !== null) {
          const binding = withoutNamespace(type);
          const functions = boundFunctions.get(binding) ?? new Set<string>();
          functions.add(currentFunction);
          boundFunctions.set(binding, functions);
        }
        break;
      }
      default:
        break;
    }
  }
  const hash = createHash('sha256').update(xml, 'utf8').digest('hex');
  return { entitySets, properties, boundFunctions, hash };
}

// ---------------------------------------------------------------------------------------------
// Profile detection. Each profile turns into a list of requirements (sets, fields, bound functions);
// the profile that meets the most of them (by weight) wins. Ties between unrelated configurations
// give no answer rather than a guess; УНФ and Розница 3 are one family, resolved in profile order.

export type MissingItem = {
  /** What it is, in Russian: 'Штрихкоды номенклатуры', 'Номенклатура: реквизит «Артикул»'. */
  what: string;
  /** The OData name involved (set, or set/field, or set/function). */
  set: string;
  /** What the admin should do, in Russian. */
  hint: string;
};

export type ProfileDetection = {
  /** null when nothing matches, or when two unrelated configurations match equally well. */
  profile: OnecProfile | null;
  /** Share (0..1) of each profile's requirements the publication meets. */
  scores: Record<OnecProfileId, number>;
  /** What the detected profile (or, without one, the best candidate) needs and the publication lacks. */
  missing: MissingItem[];
};

type Requirement = MissingItem & { weight: number; isMet: boolean; dependsOn: string | null };

const families: Record<OnecProfileId, string> = { ut11: 'ut', unf: 'unf', retail2: 'retail2', retail3: 'unf', bp30: 'bp' };

const publishHint = (set: string): string =>
  `Добавьте «${set}» в состав стандартного интерфейса OData (УстановитьСоставСтандартногоИнтерфейсаOData) или укажите другое имя в настройках профиля 1С.`;
const fieldHint = (set: string, field: string): string =>
  `В «${set}» нет поля «${field}»: в этой версии конфигурации реквизит может называться иначе — укажите верное имя в настройках профиля 1С.`;

/** Requirements of one profile against one publication. */
function requirementsOf(profile: OnecProfile, metadata: OnecMetadata): Requirement[] {
  const requirements: Requirement[] = [];
  const hasSet = (set: string): boolean => metadata.entitySets.has(set);
  const addSet = (what: string, set: string): void => {
    requirements.push({ what, set, hint: publishHint(set), weight: 3, isMet: hasSet(set), dependsOn: null });
  };
  // Fields are checked only where the type is described; a set without its type says nothing about them.
  const addFields = (what: string, set: string, typeName: string, fields: ReadonlyArray<string | null>): void => {
    const members = metadata.properties.get(typeName);
    if (members === undefined) return;
    for (const field of fields) {
      if (field === null) continue;
      requirements.push({ what: `${what}: поле «${field}»`, set: `${typeName}/${field}`, hint: fieldHint(typeName, field), weight: 1, isMet: members.has(field), dependsOn: set });
    }
  };
  const catalog = (what: string, spec: OnecProfile['warehouses'], extra: ReadonlyArray<string | null> = []): void => {
    addSet(what, spec.set);
    addFields(what, spec.set, spec.set, [spec.fields.code, spec.fields.name, spec.fields.parent, spec.fields.isFolder, ...extra]);
  };

  catalog('Номенклатура', profile.products, [profile.products.article, profile.products.unit, profile.products.isWeighted]);
  catalog('Склады', profile.warehouses);
  catalog('Единицы измерения', profile.units, [profile.units.okei]);
  if (profile.characteristics) catalog('Характеристики номенклатуры', profile.characteristics, [profile.characteristics.owner]);
  catalog('Виды цен', profile.priceTypes);

  if (profile.barcodes) {
    const { set, code, product, characteristic, packageUnit } = profile.barcodes;
    addSet('Штрихкоды номенклатуры', set);
    addFields('Штрихкоды номенклатуры', set, set, [code, product, characteristic, packageUnit]);
  }

  if (profile.prices) {
    const { set, isRecorderSubordinate, product, characteristic, priceType, price } = profile.prices;
    const recordSet = isRecorderSubordinate ? `${set}_RecordType` : set;
    addSet('Цены номенклатуры', set);
    if (isRecorderSubordinate) {
      requirements.push({
        what: 'Цены номенклатуры: записи регистра',
        set: recordSet,
        hint: hasSet(set)
          ? `Набора «${recordSet}» нет: похоже, регистр цен не подчинён регистратору — снимите этот признак в настройках профиля 1С.`
          : publishHint(set),
        weight: 1,
        isMet: hasSet(recordSet),
        dependsOn: set,
      });
    }
    addFields('Цены номенклатуры', set, recordSet, [withKey(product), withKey(characteristic), withKey(priceType), price]);
    const hasSliceLast = metadata.boundFunctions.get(recordSet)?.has('SliceLast') === true;
    const otherBinding = isRecorderSubordinate ? set : `${set}_RecordType`;
    const isOtherBound = metadata.boundFunctions.get(otherBinding)?.has('SliceLast') === true;
    requirements.push({
      what: 'Цены номенклатуры: срез последних (SliceLast)',
      set: `${recordSet}/SliceLast`,
      hint: isOtherBound
        ? `SliceLast привязан к «${otherBinding}», а не к «${recordSet}»: исправьте признак «подчинён регистратору» в настройках профиля 1С.`
        : `У регистра «${set}» нет функции SliceLast (регистр не периодический?): укажите в настройках профиля 1С периодический регистр цен.`,
      weight: 1,
      isMet: hasSliceLast,
      dependsOn: set,
    });
  }

  const { register, productDimension, characteristicDimension, warehouseDimension, resource } = profile.stock;
  addSet('Остатки товаров на складах', register);
  requirements.push({
    what: 'Остатки товаров: функция остатков (Balance)',
    set: `${register}/Balance`,
    hint: `Для «${register}» не опубликована функция Balance: вероятно, это регистр оборотов — укажите регистр остатков в настройках профиля 1С.`,
    weight: 1,
    isMet: metadata.boundFunctions.get(register)?.has('Balance') === true,
    dependsOn: register,
  });
  addFields('Остатки товаров', register, `${register}_Balance`, [withKey(productDimension), withKey(characteristicDimension), withKey(warehouseDimension), `${resource}Balance`]);

  if (profile.customers) {
    const c = profile.customers;
    addSet('Контрагенты', c.set);
    addFields('Контрагенты', c.set, c.set, [c.name, c.fullName, c.isFolder, c.inn, c.kpp, c.comment, c.legalForm.field, c.contacts?.section ?? null]);
    // The rows of a tabular section are a ComplexType `<Set>_<Section>_RowType` (DG; sample 03).
    if (c.contacts) addFields('Контрагенты: контактная информация', c.set, `${c.set}_${c.contacts.section}_RowType`, [c.contacts.type, c.contacts.presentation]);
  }

  if (profile.id === 'bp30') {
    // Known gap (profiles/bp30.profile.ts): stock is in an accounting register we cannot read yet.
    requirements.push({
      what: 'Остатки товаров по складам',
      set: register,
      hint: 'В 1С:Бухгалтерии нет регистра остатков товаров: Prilavok пока не загружает остатки из БП 3.0; товары, штрихкоды и цены загружаются.',
      weight: 0,
      isMet: false,
      dependsOn: null,
    });
  }
  return requirements;
}

function withKey(dimension: string | null): string | null {
  return dimension === null ? null : `${dimension}_Key`;
}

/** What `profile` (e.g. a shipped profile with the admin's overrides) needs and the publication lacks. */
export function findMissing(profile: OnecProfile, metadata: OnecMetadata): MissingItem[] {
  return missingOf(requirementsOf(profile, metadata));
}

function missingOf(requirements: readonly Requirement[]): MissingItem[] {
  // A missing set is reported once, not once more for each of its fields and functions.
  const missingSets = new Set(requirements.filter((r) => !r.isMet && r.dependsOn === null).map((r) => r.set));
  return requirements
    .filter((r) => !r.isMet && (r.dependsOn === null || !missingSets.has(r.dependsOn)))
    .map(({ what, set, hint }) => ({ what, set, hint }));
}

export function detectProfile(metadata: OnecMetadata): ProfileDetection {
  const evaluated = onecProfileIds.map((id) => {
    const profile = onecProfiles[id];
    const requirements = requirementsOf(profile, metadata);
    const total = requirements.reduce((sum, r) => sum + r.weight, 0);
    const met = requirements.reduce((sum, r) => sum + (r.isMet ? r.weight : 0), 0);
    return { id, requirements, met, share: total === 0 ? 0 : met / total };
  });
  const scores = Object.fromEntries(evaluated.map((e) => [e.id, Math.round(e.share * 1000) / 1000])) as Record<OnecProfileId, number>;
  // Stable sort keeps onecProfileIds order among equals (УНФ before Розница 3).
  const ranked = [...evaluated].sort((a, b) => b.met - a.met || b.share - a.share);
  const best = ranked[0];
  if (best === undefined) return { profile: null, scores, missing: [] };
  const rival = ranked.find((e) => families[e.id] !== families[best.id]);
  const isAmbiguous = rival !== undefined && rival.met === best.met;
  const missing = missingOf(best.requirements);
  const profile = best.met === 0 || isAmbiguous ? null : structuredClone(onecProfiles[best.id]);
  return { profile, scores, missing };
}
