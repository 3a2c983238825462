// $filter for the 1C emulator: a real parser (tokens → AST) and a binder that type-checks the AST
// against the fields of one entity set and compiles it to a predicate over internal values.
// Deliberately strict: anything 1C would refuse, or that we are not sure 1C accepts, is refused.
import { ODataError } from './odata-error';

/** Wire types of the fields the emulator publishes (DG: how 1C maps its types to EDM). */
export type EdmType = 'Edm.Guid' | 'Edm.String' | 'Edm.Boolean' | 'Edm.DateTime' | 'Edm.Double' | 'Edm.Int64' | 'Edm.Int16';

/**
 * Values as the emulator keeps them in memory: GUIDs as lower-case strings (null = empty ref),
 * dates as epoch ms (null = the empty date), Int64/Double as numbers.
 */
export type InternalValue = string | number | boolean | null;

/** A composite-type field (`Owner` + `Owner_Type`): compared only through cast(guid'…','Type'). */
export type CompositeValue = { guid: string | null; type: string };

/** How a field is read while filtering; `type: 'composite'` for X + X_Type pairs. */
export type FilterField<C> = { type: EdmType | 'composite'; get(ctx: C): FieldValue };

/** What a field getter returns; undefined is a NULL (an attribute that does not apply, e.g. Артикул of a group). */
export type FieldValue = InternalValue | CompositeValue | undefined;

export type Predicate<C> = (ctx: C) => boolean;

type Literal =
  | { kind: 'guid'; value: string }
  | { kind: 'datetime'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'cast'; guid: string; type: string };

export type FilterNode =
  | { kind: 'literal'; literal: Literal }
  | { kind: 'field'; path: string }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'logical'; op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'compare'; op: CompareOp; left: FilterNode; right: FilterNode }
  | { kind: 'call'; name: FunctionName; args: FilterNode[] };

const compareOps = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
type CompareOp = (typeof compareOps)[number];
const functionNames = ['substringof', 'startswith', 'endswith', 'cast'] as const;
type FunctionName = (typeof functionNames)[number];

type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'literal'; literal: Literal; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number };

const guidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const datetimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
// Identifiers are 1C metadata names (Cyrillic, digits, underscores) and navigation paths (a/b).
const identStart = /[\p{L}_]/u;
const identPart = /[\p{L}\p{N}_/]/u;

/** The message real 1C gives for any $filter syntax error (P4; sample 11 in English). */
export function filterParseError(option = '$filter'): ODataError {
  return new ODataError(400, '14', `Ошибка при разборе опции запроса ${option}`);
}

/** Parses a datetime literal body as 1C reads it: no time zone, the server's local wall clock. */
export function parseDatetimeLiteral(text: string): number | null {
  const m = datetimePattern.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  // setFullYear, not the Date constructor: it maps years 0–99 to 1900–1999, and 0001-01-01 is 1C's empty date.
  const date = new Date(0);
  date.setFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setHours(Number(h), Number(mi), Number(s ?? 0), Number((frac ?? '0').padEnd(3, '0').slice(0, 3)));
  // 2024-02-31 would roll over into March; 1C refuses such a date.
  if (date.getDate() !== Number(d) || date.getMonth() !== Number(mo) - 1) return null;
  return date.getTime();
}

/** Splits a $filter (or Condition) text into tokens; only a space separates (a literal `+` is an error). */
export function tokenize(text: string, option = '$filter'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = () => filterParseError(option);
  const readQuoted = (start: number): { value: string; end: number } => {
    // start points at the opening quote; '' inside is one quote (OData string escaping).
    let value = '';
    let j = start + 1;
    for (;;) {
      if (j >= text.length) throw fail();
      const ch = text[j];
      if (ch === "'") {
        if (text[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        return { value, end: j + 1 };
      }
      value += ch;
      j += 1;
    }
  };
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === ' ') {
      i += 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      const { value, end } = readQuoted(i);
      tokens.push({ kind: 'literal', literal: { kind: 'string', value }, pos: i });
      i = end;
      continue;
    }
    if (/[0-9-]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDlLfF]?/.exec(text.slice(i));
      if (!m || m[0] === '-') throw fail();
      const body = m[0].replace(/[mMdDlLfF]$/, '');
      tokens.push({ kind: 'literal', literal: { kind: 'number', value: Number(body) }, pos: i });
      i += m[0].length;
      continue;
    }
    if (identStart.test(ch)) {
      let j = i + 1;
      while (j < text.length && identPart.test(text.charAt(j))) j += 1;
      const word = text.slice(i, j);
      const lower = word.toLowerCase();
      if ((lower === 'guid' || lower === 'datetime' || lower === 'datetimeoffset' || lower === 'time') && text[j] === "'") {
        const { value, end } = readQuoted(j);
        if (lower === 'guid') {
          if (!guidPattern.test(value)) throw fail();
          tokens.push({ kind: 'literal', literal: { kind: 'guid', value: value.toLowerCase() }, pos: i });
        } else if (lower === 'datetime') {
          const ms = parseDatetimeLiteral(value);
          if (ms === null) throw fail();
          tokens.push({ kind: 'literal', literal: { kind: 'datetime', value: ms }, pos: i });
        } else {
          // 1C has no time zones and no Edm.Time fields here.
          throw fail();
        }
        i = end;
        continue;
      }
      if (word === 'true' || word === 'false') {
        tokens.push({ kind: 'literal', literal: { kind: 'boolean', value: word === 'true' }, pos: i });
      } else if (word === 'null') {
        tokens.push({ kind: 'literal', literal: { kind: 'null' }, pos: i });
      } else {
        tokens.push({ kind: 'ident', text: word, pos: i });
      }
      i = j;
      continue;
    }
    // '+', tabs, '&', '*', stray quotes...: 1C answers 400/14 (a '+' is not a space, P8).
    throw fail();
  }
  return tokens;
}

/** Parses a $filter into an AST; throws ODataError 400/14 on any syntax error. */
export function parseFilter(text: string, option = '$filter'): FilterNode {
  const tokens = tokenize(text, option);
  let pos = 0;
  const fail = () => filterParseError(option);
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (t: Token | undefined, word: string): boolean => t?.kind === 'ident' && t.text === word;
  const expectPunct = (p: '(' | ')' | ','): void => {
    const t = tokens[pos];
    if (t?.kind !== 'punct' || t.text !== p) throw fail();
    pos += 1;
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos += 1;
      left = { kind: 'logical', op: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseNot();
    while (isWord(peek(), 'and')) {
      pos += 1;
      left = { kind: 'logical', op: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      pos += 1;
      return { kind: 'not', operand: parseNot() };
    }
    return parseCompare();
  };
  const parseCompare = (): FilterNode => {
    const left = parsePrimary();
    const t = peek();
    if (t?.kind === 'ident' && (compareOps as readonly string[]).includes(t.text)) {
      pos += 1;
      return { kind: 'compare', op: t.text as CompareOp, left, right: parsePrimary() };
    }
    return left;
  };
  const parsePrimary = (): FilterNode => {
    const t = tokens[pos];
    if (!t) throw fail();
    if (t.kind === 'punct') {
      if (t.text !== '(') throw fail();
      pos += 1;
      const inner = parseOr();
      expectPunct(')');
      return inner;
    }
    if (t.kind === 'literal') {
      pos += 1;
      return { kind: 'literal', literal: t.literal };
    }
    // Reserved words cannot stand where an operand is expected ("Code eq and").
    if (['and', 'or', 'not', ...compareOps].includes(t.text)) throw fail();
    pos += 1;
    const next = tokens[pos];
    if (next?.kind === 'punct' && next.text === '(') {
      // A function call; misspelt or unsupported functions (startwith, tolower…) are syntax errors.
      if (!(functionNames as readonly string[]).includes(t.text)) throw fail();
      pos += 1;
      const args: FilterNode[] = [];
      if (!(tokens[pos]?.kind === 'punct' && (tokens[pos] as { text: string }).text === ')')) {
        args.push(parseOr());
        while (tokens[pos]?.kind === 'punct' && (tokens[pos] as { text: string }).text === ',') {
          pos += 1;
          args.push(parseOr());
        }
      }
      expectPunct(')');
      const name = t.text as FunctionName;
      if (name === 'cast') {
        const [guidArg, typeArg] = args;
        if (args.length !== 2 || guidArg?.kind !== 'literal' || guidArg.literal.kind !== 'guid') throw fail();
        if (typeArg?.kind !== 'literal' || typeArg.literal.kind !== 'string') throw fail();
        return { kind: 'literal', literal: { kind: 'cast', guid: guidArg.literal.value, type: typeArg.literal.value } };
      }
      if (args.length !== 2) throw fail();
      return { kind: 'call', name, args };
    }
    return { kind: 'field', path: t.text };
  };

  if (tokens.length === 0) throw fail();
  const node = parseOr();
  if (pos !== tokens.length) throw fail();
  return node;
}

type Operand<C> =
  | { kind: 'const'; type: EdmType | 'composite' | 'null' | 'string' | 'number' | 'boolean'; value: InternalValue | CompositeValue }
  | { kind: 'field'; type: EdmType | 'composite'; get(ctx: C): FieldValue };

/**
 * Binds an AST to the fields of a set and compiles it. `resolve` returns undefined for unknown
 * names (→ 400/14, the whole $filter fails to parse in 1C's words). Type mismatches (a GUID field
 * against a string, a date against a number) are refused with 400/14 too. Ordering comparisons
 * involving a reference (`Ref_Key gt guid'…'`) fail as 1C fails them: 500 "Нельзя сравнивать поля
 * неограниченной длины" (CDC DESIGN.md), raised when the filter runs, as in 1C.
 */
export function compileFilter<C>(node: FilterNode, resolve: (path: string) => FilterField<C> | undefined, option = '$filter'): Predicate<C> {
  const fail = () => filterParseError(option);

  const operand = (n: FilterNode): Operand<C> => {
    if (n.kind === 'field') {
      const field = resolve(n.path);
      if (!field) throw fail();
      return { kind: 'field', type: field.type, get: field.get };
    }
    if (n.kind === 'literal') {
      const l = n.literal;
      switch (l.kind) {
        case 'guid':
          return { kind: 'const', type: 'Edm.Guid', value: l.value };
        case 'datetime':
          return { kind: 'const', type: 'Edm.DateTime', value: l.value };
        case 'string':
          return { kind: 'const', type: 'string', value: l.value };
        case 'number':
          return { kind: 'const', type: 'number', value: l.value };
        case 'boolean':
          return { kind: 'const', type: 'boolean', value: l.value };
        case 'null':
          return { kind: 'const', type: 'null', value: null };
        case 'cast':
          return { kind: 'const', type: 'composite', value: { guid: l.guid, type: l.type.startsWith('StandardODATA.') ? l.type : `StandardODATA.${l.type}` } };
      }
    }
    // A boolean expression used as an operand of eq ("(a eq b) eq true"): not supported by 1C's parser here.
    throw fail();
  };

  const compatible = (a: Operand<C>['type'], b: Operand<C>['type']): boolean => {
    if (a === 'null' || b === 'null') return true;
    const group = (t: Operand<C>['type']): string => {
      switch (t) {
        case 'Edm.String':
        case 'string':
          return 'string';
        case 'Edm.Double':
        case 'Edm.Int64':
        case 'Edm.Int16':
        case 'number':
          return 'number';
        case 'Edm.Boolean':
        case 'boolean':
          return 'boolean';
        default:
          return t;
      }
    };
    return group(a) === group(b);
  };

  const compile = (n: FilterNode): Predicate<C> => {
    switch (n.kind) {
      case 'logical': {
        const l = compile(n.left);
        const r = compile(n.right);
        return n.op === 'and' ? (c) => l(c) && r(c) : (c) => l(c) || r(c);
      }
      case 'not': {
        const inner = compile(n.operand);
        return (c) => !inner(c);
      }
      case 'call': {
        // substringof('needle', Field); startswith(Field, 'prefix'); endswith(Field, 'suffix').
        const [a, b] = n.args.map(operand) as [Operand<C>, Operand<C>];
        const [fieldOp, constOp] = n.name === 'substringof' ? [b, a] : [a, b];
        if (fieldOp.kind !== 'field' || fieldOp.type !== 'Edm.String' || constOp.kind !== 'const' || constOp.type !== 'string') {
          throw fail();
        }
        // 1C compares strings case-insensitively (mvarchar / CI collation); see docs/onec-emulator.md.
        const needle = String(constOp.value).toLowerCase();
        const get = fieldOp.get;
        const test =
          n.name === 'substringof'
            ? (s: string) => s.includes(needle)
            : n.name === 'startswith'
              ? (s: string) => s.startsWith(needle)
              : (s: string) => s.trimEnd().endsWith(needle);
        return (c) => {
          const v = get(c);
          return typeof v === 'string' && test(v.toLowerCase());
        };
      }
      case 'compare':
        return compileCompare(n.op, operand(n.left), operand(n.right));
      case 'field': {
        // A bare boolean field as a condition ("$filter=IsFolder"): accepted only for Edm.Boolean.
        const field = operand(n);
        if (field.type !== 'Edm.Boolean' || field.kind !== 'field') throw fail();
        const get = field.get;
        return (c) => get(c) === true;
      }
      case 'literal': {
        if (n.literal.kind !== 'boolean') throw fail();
        const value = n.literal.value;
        return () => value;
      }
    }
  };

  const compileCompare = (op: CompareOp, left: Operand<C>, right: Operand<C>): Predicate<C> => {
    if (!compatible(left.type, right.type)) throw fail();
    const isRefCompare = left.type === 'Edm.Guid' || right.type === 'Edm.Guid' || left.type === 'composite' || right.type === 'composite';
    if (isRefCompare && op !== 'eq' && op !== 'ne') {
      const error = new ODataError(500, '-1', 'Нельзя сравнивать поля неограниченной длины и поля несовместимых типов.');
      return () => {
        throw error;
      };
    }
    const isString = left.type === 'Edm.String' || right.type === 'Edm.String' || left.type === 'string';
    const read = (o: Operand<C>): ((c: C) => FieldValue) => {
      if (o.kind === 'field') return o.get;
      const v = o.value;
      return () => v;
    };
    const l = read(left);
    const r = read(right);
    const norm = (v: FieldValue): InternalValue | CompositeValue =>
      v === undefined
        ? null
        : // Strings: case-insensitive, trailing spaces ignored (fixed-length padding), as in 1C queries.
      isString && typeof v === 'string' ? v.trimEnd().toLowerCase() : v;
    const equal = (a: InternalValue | CompositeValue, b: InternalValue | CompositeValue): boolean => {
      if (a !== null && typeof a === 'object') {
        if (b !== null && typeof b === 'object') return a.guid === b.guid && a.type === b.type;
        return b === null && a.guid === null;
      }
      if (b !== null && typeof b === 'object') return a === null && b.guid === null;
      return a === b;
    };
    switch (op) {
      case 'eq':
        return (c) => equal(norm(l(c)), norm(r(c)));
      case 'ne':
        return (c) => !equal(norm(l(c)), norm(r(c)));
      default: {
        const cmp = (a: InternalValue | CompositeValue, b: InternalValue | CompositeValue): number | null => {
          if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return null;
          if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
          if (typeof a === 'number' && typeof b === 'number') return a - b;
          if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
          return null;
        };
        const test = op === 'gt' ? (d: number) => d > 0 : op === 'ge' ? (d: number) => d >= 0 : op === 'lt' ? (d: number) => d < 0 : (d: number) => d <= 0;
        return (c) => {
          const d = cmp(norm(l(c)), norm(r(c)));
          return d !== null && test(d);
        };
      }
    }
  };

  return compile(node);
}

/** Field paths the filter reads, for planners (e.g. "is this just Ref_Key eq guid'…'?"). */
export function exactGuidLookup(node: FilterNode, field: string): string | null {
  if (node.kind !== 'compare' || node.op !== 'eq') return null;
  const { left, right } = node;
  if (left.kind === 'field' && left.path === field && right.kind === 'literal' && right.literal.kind === 'guid') return right.literal.value;
  if (right.kind === 'field' && right.path === field && left.kind === 'literal' && left.literal.kind === 'guid') return left.literal.value;
  return null;
}
