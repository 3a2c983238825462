// Resource paths and key predicates as 1C reads them: `Set(guid'…')`, `Set(Name=value,…)`,
// `Set/Function(params)`, with quotes protecting '/', ',' and parentheses inside literals.
import { type AnySource } from './emulator-sets';
import { instanceNotFound, segmentNotFound } from './odata-error';
import { type FieldValue, tokenize } from './odata-filter';

/** Splits a resource path at '/' outside parentheses and quotes (Condition='Валюта/Код eq 1'). */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < path.length; i += 1) {
    const ch = path[i];
    if (ch === "'") inQuote = !inQuote;
    else if (!inQuote && ch === '(') depth += 1;
    else if (!inQuote && ch === ')') depth -= 1;
    else if (ch === '/' && depth === 0 && !inQuote) {
      parts.push(path.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(path.slice(start));
  return parts;
}

/** "Name" or "Name(args)" → name and the raw text between the parentheses (null without them). */
export function parseSegment(segment: string): { name: string; args: string | null } {
  const open = segment.indexOf('(');
  if (open < 0) return { name: segment, args: null };
  if (!segment.endsWith(')')) throw segmentNotFound(segment);
  return { name: segment.slice(0, open), args: segment.slice(open + 1, -1) };
}

/**
 * The key predicate of `Set(guid'…')` or `Set(Name=value,…)`. A key that does not fit the set
 * (wrong field, wrong count) is "not found", 404/9, as 1C answers it (P4).
 */
export function parseKey(source: AnySource, args: string): Map<string, FieldValue> {
  const key = new Map<string, FieldValue>();
  const parts = splitTopLevel(args, ',');
  for (const part of parts) {
    const eq = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(.*)$/su.exec(part);
    const name = eq ? (eq[1] as string) : parts.length === 1 && source.keyFields.length === 1 ? (source.keyFields[0]?.name as string) : null;
    if (name === null) throw instanceNotFound(source.name);
    key.set(name, literalValue(eq ? (eq[2] as string) : part, source));
  }
  return key;
}

function literalValue(text: string, source: AnySource): FieldValue {
  let tokens;
  try {
    tokens = tokenize(text.trim(), 'key');
  } catch {
    throw instanceNotFound(source.name);
  }
  const token = tokens[0];
  if (tokens.length !== 1 || token?.kind !== 'literal') throw instanceNotFound(source.name);
  const l = token.literal;
  switch (l.kind) {
    case 'guid':
    case 'datetime':
    case 'string':
    case 'number':
    case 'boolean':
      return l.value;
    default:
      return null;
  }
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "'") inQuote = !inQuote;
    else if (text[i] === separator && !inQuote) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

const functionParamNames = ['Period', 'Condition', 'Dimensions', 'StartPeriod', 'EndPeriod'];

/** Strips the outer quotes of a string parameter and undoes doubled quotes when they were used. */
export function unquoteParam(name: string, raw: string): string {
  let value = raw.trim();
  if (name === 'Period' || name === 'StartPeriod' || name === 'EndPeriod') return value;
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
  if (value.includes("''") && !value.replace(/''/g, '').includes("'")) value = value.replace(/''/g, "'");
  return value;
}

/**
 * `Period=datetime'…',Condition='Склад_Key eq guid'…'',Dimensions='Номенклатура,Склад'`. DG prints
 * Condition with its inner quotes NOT doubled, so parameters are split where the next known
 * parameter name starts, not at every comma; the outer quotes are then removed and doubled quotes
 * (the standard OData escaping) undone.
 */
export function parseFunctionArgs(args: string): Map<string, string> {
  const params = new Map<string, string>();
  if (args.trim() === '') return params;
  const pattern = new RegExp(`(?:^|,)\\s*(${functionParamNames.join('|')}|[\\p{L}_][\\p{L}\\p{N}_]*)\\s*=`, 'gu');
  const starts: { name: string; at: number; valueAt: number }[] = [];
  for (const m of args.matchAll(pattern)) {
    const name = m[1] as string;
    // Inside a Condition, "Склад_Key eq …" never matches "name=", but only known names may start a parameter after the first.
    if (starts.length > 0 && !functionParamNames.includes(name)) continue;
    starts.push({ name, at: m.index ?? 0, valueAt: (m.index ?? 0) + m[0].length });
  }
  if (starts.length === 0 || starts[0]?.at !== 0) throw segmentNotFound(args);
  starts.forEach((s, i) => {
    const end = starts[i + 1]?.at ?? args.length;
    params.set(s.name, unquoteParam(s.name, args.slice(s.valueAt, end)));
  });
  return params;
}
