// $metadata as 1C writes it: EDMX 1.0 / CSDL v3, namespace StandardODATA, container EnterpriseV8,
// OpenType entity types, record sets keyed by the recorder, Balance results as ComplexTypes, and
// virtual tables / document actions as bindable FunctionImports WITHOUT an EntitySet attribute
// (onec-http.md §1.8, sample 08). One attribute per line with tabs, as 1C pretty-prints it.
import { type AnySource, type FieldDef } from './emulator-sets';
import { escapeXml } from './emulator-format';

const t = (n: number) => '\t'.repeat(n);

function property(name: string, type: string, isNullable: boolean, indent: number): string {
  return `${t(indent)}<Property Name="${escapeXml(name)}"\n${t(indent + 2)}Type="${type}"\n${t(indent + 2)}Nullable="${isNullable}"/>\n`;
}

function properties(fields: readonly FieldDef<unknown>[], keyNames: ReadonlySet<string>, indent: number): string {
  let out = '';
  for (const f of fields) {
    if (f.type === 'composite') {
      out += property(f.name, 'Edm.String', true, indent) + property(`${f.name}_Type`, 'Edm.String', true, indent);
    } else {
      out += property(f.name, f.type, !keyNames.has(f.name), indent);
    }
  }
  return out;
}

type Association = { name: string; from: string; to: string };

function navigation(typeName: string, fields: readonly FieldDef<unknown>[], associations: Association[], indent: number): string {
  let out = '';
  for (const f of fields) {
    if (!f.nav) continue;
    const name = `${typeName}_${f.nav.name}`;
    associations.push({ name, from: typeName, to: f.nav.target });
    out += `${t(indent)}<NavigationProperty Name="${escapeXml(f.nav.name)}"\n${t(indent + 2)}Relationship="StandardODATA.${escapeXml(name)}"\n${t(indent + 2)}FromRole="Begin"\n${t(indent + 2)}ToRole="End"/>\n`;
  }
  return out;
}

function entityType(name: string, keys: readonly string[], body: string): string {
  const keyRefs = keys.map((k) => `${t(5)}<PropertyRef Name="${escapeXml(k)}"/>\n`).join('');
  return `${t(3)}<EntityType Name="${escapeXml(name)}"\n${t(5)}OpenType="true">\n${t(4)}<Key>\n${keyRefs}${t(4)}</Key>\n${body}${t(3)}</EntityType>\n`;
}

function complexType(name: string, body: string): string {
  return `${t(3)}<ComplexType Name="${escapeXml(name)}">\n${body}${t(3)}</ComplexType>\n`;
}

function functionImport(name: string, returnType: string | null, isSideEffecting: boolean, binding: string, params: readonly [string, string][]): string {
  let out = `${t(4)}<FunctionImport Name="${name}"\n${t(6)}IsBindable="true"\n${t(6)}IsSideEffecting="${isSideEffecting}"`;
  out += returnType ? `\n${t(6)}ReturnType="${escapeXml(returnType)}">\n` : '>\n';
  out += `${t(5)}<Parameter Name="bindingParameter"\n${t(7)}Type="StandardODATA.${escapeXml(binding)}"/>\n`;
  for (const [p, type] of params) out += `${t(5)}<Parameter Name="${p}"\n${t(7)}Type="${type}"/>\n`;
  return `${out}${t(4)}</FunctionImport>\n`;
}

const paramTypes: Record<string, string> = { Condition: 'Edm.String', Dimensions: 'Edm.String', Period: 'Edm.DateTime' };

/** Builds the whole $metadata document for the published sets (and nothing else). */
export function buildMetadata(sources: ReadonlyMap<string, AnySource>): string {
  let types = '';
  let complex = '';
  let container = '';
  let functions = '';
  const associations: Association[] = [];
  for (const source of sources.values()) {
    const keyNames = new Set(source.keyFields.map((k) => k.name));
    let body: string;
    if (source.recordSet) {
      // The record-set entity holds the key and a collection of rows (sample 08).
      const keyFields = source.fields.filter((f) => keyNames.has(f.name));
      body =
        properties(keyFields.slice(0, 1), keyNames, 4) +
        property('RecordSet', `Collection(StandardODATA.${source.recordSet.rowType})`, false, 4) +
        properties(keyFields.slice(1), keyNames, 4);
      complex += complexType(source.recordSet.rowType, properties(source.recordSet.fields as FieldDef<unknown>[], new Set(), 4));
    } else {
      body = properties(source.fields, keyNames, 4);
      if (source.tabular) {
        // A tabular section: a collection of a row ComplexType (DG: "Collection(StandardODATA.<Obj>_<TS>_RowType)").
        body += property(source.tabular.name, `Collection(StandardODATA.${source.tabular.rowType})`, false, 4);
        complex += complexType(source.tabular.rowType, properties(source.tabular.fields as FieldDef<unknown>[], new Set(), 4));
      }
      body += navigation(source.name, source.fields, associations, 4);
    }
    types += entityType(source.name, source.keyFields.map((k) => k.name), body);
    container += `${t(4)}<EntitySet Name="${escapeXml(source.name)}"\n${t(6)}EntityType="StandardODATA.${escapeXml(source.name)}"/>\n`;
    for (const fn of source.functions) {
      if (fn.name === 'Balance') complex += complexType(fn.resultType, properties(fn.resultFields as FieldDef<unknown>[], new Set(), 4));
      functions += functionImport(fn.name, `Collection(StandardODATA.${fn.resultType})`, false, source.name, fn.params.map((p) => [p, paramTypes[p] ?? 'Edm.String'] as [string, string]));
    }
    if (source.hasPostActions) {
      functions += functionImport('Post', null, true, source.name, [['PostingModeOperational', 'Edm.Boolean']]);
      functions += functionImport('Unpost', null, true, source.name, [['PostingModeOperational', 'Edm.Boolean']]);
    }
  }
  // 1C declares Associations but no AssociationSets (P4).
  const assoc = associations
    .map(
      (a) =>
        `${t(3)}<Association Name="${escapeXml(a.name)}">\n${t(4)}<End Role="Begin"\n${t(6)}Type="StandardODATA.${escapeXml(a.from)}"\n${t(6)}Multiplicity="*"/>\n` +
        `${t(4)}<End Role="End"\n${t(6)}Type="StandardODATA.${escapeXml(a.to)}"\n${t(6)}Multiplicity="0..1"/>\n${t(3)}</Association>\n`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"\n\t\tVersion="1.0">\n' +
    '\t<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"\n\t\t\tm:DataServiceVersion="3.0"\n\t\t\tm:MaxDataServiceVersion="3.0">\n' +
    '\t\t<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm"\n\t\t\t\tNamespace="StandardODATA">\n' +
    types +
    complex +
    assoc +
    `${t(3)}<EntityContainer Name="EnterpriseV8"\n${t(5)}m:IsDefaultEntityContainer="true">\n${container}${functions}${t(3)}</EntityContainer>\n` +
    '\t\t</Schema>\n\t</edmx:DataServices>\n</edmx:Edmx>\n'
  );
}
