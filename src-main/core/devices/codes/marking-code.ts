// Честный знак marking codes: which product group's structure a code fits, and the GS separators
// restored from the groups' field lengths when a scanner dropped them (design doc §3.3, §3.6).
import { isValidGtin } from '../ean';
import { GS, isCset82, isDigits, matchAi } from './gs1-ai';
import { aiValueProblem, formatGs1, type Gs1Element, parseGs1ElementString } from './gs1-element-string';
import { type MarkingAiRule, type MarkingGroup, tobaccoPackLayout } from './marking-groups';

export const markingStatuses = ['ok', 'restored', 'ambiguous', 'unrestorable', 'unknown-structure'] as const;
/**
 * - ok: the code carried its separators and fits a known group;
 * - restored: separators were missing and exactly one reading fits a known group;
 * - ambiguous: separators were missing and several readings fit;
 * - unrestorable: separators were missing (or the code is damaged) and no reading fits;
 * - unknown-structure: a well-formed GS1 code with 91/92/93 that fits no known group.
 */
export type MarkingStatus = (typeof markingStatuses)[number];

export type MarkingInfo = {
  status: MarkingStatus;
  /** The groups the code fits (several when they read it the same way). */
  groups: { id: string; name: string }[];
  /** Serial number (AI 21) when known. */
  serial: string | null;
  /** Russian explanation for every status but "ok". */
  message: string | null;
  /** Ambiguous only: the canonical codes of the competing readings. */
  candidates?: string[];
};

export type MarkingAnalysis =
  /** Not a marking code after all (e.g. a GS1-128 with a serial and nothing else). */
  | { kind: 'not-marking' }
  | { kind: 'invalid'; error: string }
  | { kind: 'marking'; elements: Gs1Element[]; marking: MarkingInfo };

const verificationAis = new Set(['91', '92', '93']);

/** Starts like a marking code: "01" + 14 digits + "21", a GS allowed before and between. */
export function looksLikeMarkingCode(data: string): boolean {
  let position = data[0] === GS ? 1 : 0;
  if (!data.startsWith('01', position) || !isDigits(data.slice(position + 2, position + 16)) || data.length < position + 16) return false;
  position += 16;
  if (data[position] === GS) position += 1;
  return data.startsWith('21', position);
}

const ruleFits = (rule: MarkingAiRule, element: Gs1Element) => rule.ai === element.ai && rule.lengths.includes(element.value.length);

/** The groups whose structure these elements (as parsed with their separators) fit. */
export function matchMarkingGroups(elements: readonly Gs1Element[], groups: readonly MarkingGroup[]): MarkingGroup[] {
  const [gtin, serial, ...rest] = elements;
  if (gtin?.ai !== '01' || serial?.ai !== '21') return [];
  return groups.filter((group) => {
    if (!group.serialLengths.includes(serial.value.length)) return false;
    return group.verification.some((alternative) => {
      const allowed = [...alternative, ...group.optional];
      const isEveryRequiredPresent = alternative.every((rule) => rest.some((element) => ruleFits(rule, element)));
      const isEveryElementAllowed = rest.every((element) => allowed.some((rule) => ruleFits(rule, element)));
      return isEveryRequiredPresent && isEveryElementAllowed;
    });
  });
}

/**
 * Every reading of `data` that one group's field lengths allow: "01" + GTIN, "21" + a serial of an
 * allowed length, then the group's verification and optional AIs (each at most once, any order,
 * each value valid for its AI). A GS present in `data` must fall between fields; a missing GS is
 * what this restores.
 */
function readingsForGroup(data: string, group: MarkingGroup, now: number): Gs1Element[][] {
  const found: Gs1Element[][] = [];
  let position = data[0] === GS ? 1 : 0;
  const gtin = data.slice(position + 2, position + 16);
  position += 16;
  if (data[position] === GS) position += 1;
  position += 2; // "21", checked by looksLikeMarkingCode
  const head: Gs1Element[] = [{ ai: '01', value: gtin, title: matchAi('01', 0)?.spec.title ?? '' }];

  const walk = (at: number, elements: Gs1Element[], rules: readonly MarkingAiRule[], required: ReadonlySet<string>) => {
    const start = data[at] === GS ? at + 1 : at;
    if (start === data.length) {
      if ([...required].every((ai) => elements.some((e) => e.ai === ai))) found.push(elements);
      return;
    }
    for (const rule of rules) {
      if (elements.some((e) => e.ai === rule.ai) || !data.startsWith(rule.ai, start)) continue;
      const match = matchAi(rule.ai, 0);
      if (match === null) continue;
      for (const length of rule.lengths) {
        const from = start + rule.ai.length;
        const value = data.slice(from, from + length);
        if (value.length !== length || value.includes(GS)) continue;
        if (aiValueProblem({ ...match, spec: { ...match.spec, fixedLength: length, maxLength: length } }, value, now) !== null) continue;
        walk(from + length, [...elements, { ai: rule.ai, value, title: match.spec.title }], rules, required);
      }
    }
  };

  for (const serialLength of group.serialLengths) {
    const serial = data.slice(position, position + serialLength);
    if (serial.length !== serialLength || serial.includes(GS) || !isCset82(serial)) continue;
    const elements = [...head, { ai: '21', value: serial, title: matchAi('21', 0)?.spec.title ?? '' }];
    for (const alternative of group.verification) {
      walk(position + serialLength, elements, [...alternative, ...group.optional], new Set(alternative.map((rule) => rule.ai)));
    }
  }
  return found;
}

type Reading = { elements: Gs1Element[]; canonical: string; groups: MarkingGroup[] };

/** Every distinct reading over all groups; two groups that read the code alike share one reading. */
export function readMarkingWithoutSeparators(data: string, groups: readonly MarkingGroup[], now: number): Reading[] {
  if (!looksLikeMarkingCode(data)) return [];
  const byCanonical = new Map<string, Reading>();
  for (const group of groups) {
    for (const elements of readingsForGroup(data, group, now)) {
      const canonical = formatGs1(elements);
      const reading = byCanonical.get(canonical);
      if (reading) {
        if (!reading.groups.includes(group)) reading.groups.push(group);
      } else {
        byCanonical.set(canonical, { elements, canonical, groups: [group] });
      }
    }
  }
  return [...byCanonical.values()];
}

const groupNames = (groups: readonly MarkingGroup[]) => groups.map((g) => `«${g.name}»`).join(', ');
const rescanAdvice = 'Настройте сканер на передачу разделителя GS (0x1D) и отсканируйте код ещё раз.';

/**
 * Reads a code that starts like a marking code (`looksLikeMarkingCode`), with or without its GS
 * separators. The code as sent wins when it fits a group; otherwise the separators are restored
 * from the groups' field lengths, and the result must be unique. Never throws.
 */
export function analyseMarkingCode(data: string, groups: readonly MarkingGroup[], now: number): MarkingAnalysis {
  const asSent = parseGs1ElementString(data, now);
  if (asSent.ok) {
    const fitting = matchMarkingGroups(asSent.elements, groups);
    if (fitting.length > 0) {
      const serial = asSent.elements[1]?.value ?? null;
      return { kind: 'marking', elements: asSent.elements, marking: { status: 'ok', groups: fitting.map(groupRef), serial, message: null } };
    }
  }
  const offset = data[0] === GS ? 1 : 0;
  const gtin = data.slice(offset + 2, offset + 16);
  if (!isValidGtin(gtin)) return { kind: 'invalid', error: `Неверная контрольная цифра GTIN в AI (01): ${gtin}` };
  const gtinOnly: Gs1Element[] = [{ ai: '01', value: gtin, title: matchAi('01', 0)?.spec.title ?? '' }];

  const readings = readMarkingWithoutSeparators(data, groups, now);
  const [only] = readings;
  if (readings.length === 1 && only) {
    return {
      kind: 'marking',
      elements: only.elements,
      marking: {
        status: 'restored',
        groups: only.groups.map(groupRef),
        serial: only.elements[1]?.value ?? null,
        message:
          `Сканер не передал разделители GS (0x1D): они восстановлены по длинам полей (${groupNames(only.groups)}). ` +
          'Честный знак принимает коды только с настоящими разделителями: настройте сканер на передачу GS.',
      },
    };
  }
  if (readings.length > 1) {
    const fitting = [...new Set(readings.flatMap((r) => r.groups))];
    return {
      kind: 'marking',
      elements: asSent.ok ? asSent.elements : gtinOnly,
      marking: {
        status: 'ambiguous',
        groups: fitting.map(groupRef),
        serial: null,
        message: `Код маркировки нельзя прочитать однозначно: разделители GS (0x1D) потеряны, и код подходит под ${readings.length} варианта разбора (${groupNames(fitting)}). ${rescanAdvice}`,
        candidates: readings.map((r) => r.canonical),
      },
    };
  }
  if (asSent.ok) {
    if (!asSent.elements.some((e) => verificationAis.has(e.ai))) return { kind: 'not-marking' };
    return {
      kind: 'marking',
      elements: asSent.elements,
      marking: {
        status: 'unknown-structure',
        groups: [],
        serial: asSent.elements.find((e) => e.ai === '21')?.value ?? null,
        message: 'Код маркировки разобран по правилам GS1, но его структура не совпадает ни с одной известной товарной группой: проверьте код в Честном знаке.',
      },
    };
  }
  return {
    kind: 'marking',
    elements: gtinOnly,
    marking: {
      status: 'unrestorable',
      groups: [],
      serial: null,
      message:
        'Код маркировки повреждён или сканер потерял разделители GS (0x1D), и восстановить их по известным ' +
        `структурам товарных групп не удалось (${asSent.error}). ${rescanAdvice}`,
    },
  };
}

function groupRef(group: MarkingGroup): { id: string; name: string } {
  return { id: group.id, name: group.name };
}

export type TobaccoPack = { gtin: string; serial: string; mrp: string; verification: string };

/** The 29-character cigarette-pack code (no AIs, no GS; see tobaccoPackLayout), or null. */
export function parseTobaccoPack(text: string): TobaccoPack | null {
  const { gtin: g, serial: s, mrp: m, total } = tobaccoPackLayout;
  if (text.length !== total || !isCset82(text)) return null;
  const gtin = text.slice(0, g);
  if (!isDigits(gtin) || !isValidGtin(gtin)) return null;
  return { gtin, serial: text.slice(g, g + s), mrp: text.slice(g + s, g + s + m), verification: text.slice(g + s + m) };
}
