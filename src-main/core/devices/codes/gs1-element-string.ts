// GS1 element strings as a scanner sends them: AI + value, variable-length values ended by GS
// (0x1D, FNC1 on the wire) or by the end of the data. Parsing, validation and the canonical form.
import { gtinCheckDigit } from '../ean';
import { type AiMatch, GS, isCset82, isDigits, isPredefinedLength, matchAi } from './gs1-ai';
import { parseGs1Date, parseGs1DateTime, scaleDecimal } from './gs1-values';

export type Gs1Element = { ai: string; value: string; title: string };

export type Gs1Parse = { ok: true; elements: Gs1Element[] } | { ok: false; error: string };

/** A visible name of a character for messages: control characters as hex. */
export function showChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `0x${code.toString(16).padStart(2, '0').toUpperCase()}` : `«${char}»`;
}

/**
 * Why `value` is not a valid value of the AI, in Russian, or null when it is valid. `now` decides
 * the century of two-digit years.
 */
export function aiValueProblem(match: AiMatch, value: string, now: number): string | null {
  const { ai, spec } = match;
  if (value.length === 0) return `Пустое значение AI (${ai})`;
  if (spec.fixedLength !== null && value.length !== spec.fixedLength) {
    return `AI (${ai}) требует ${spec.fixedLength} символов, получено ${value.length}`;
  }
  if (value.length > spec.maxLength) return `Значение AI (${ai}) длиннее ${spec.maxLength} символов (${value.length})`;
  switch (spec.format) {
    case 'text': {
      if (isCset82(value)) return null;
      const bad = [...value].find((c) => !isCset82(c)) ?? '?';
      return `Недопустимый символ ${showChar(bad)} в AI (${ai}): GS1 разрешает только латиницу, цифры и знаки !"%&'()*+,-./:;<=>?_`;
    }
    case 'digits':
    case 'decimal':
      if (!isDigits(value)) return `AI (${ai}) допускает только цифры: «${value}»`;
      if (spec.hasCheckDigit && !hasValidCheckDigit(value)) return `Неверная контрольная цифра в AI (${ai}): ${value}`;
      return null;
    case 'date':
      return parseGs1Date(value, now) === null ? `Неверная дата в AI (${ai}): «${value}» (ожидается ГГММДД)` : null;
    case 'datetime':
      return parseGs1DateTime(value, now) === null ? `Неверные дата и время в AI (${ai}): «${value}» (ожидается ГГММДДччмм)` : null;
  }
}

/** GS1 mod-10 check digit over any length (GTIN-14, SSCC-18, GLN-13). */
function hasValidCheckDigit(value: string): boolean {
  return value.length >= 2 && gtinCheckDigit(value.slice(0, -1)) === value.charCodeAt(value.length - 1) - 48;
}

/**
 * Parses a GS1 element string (no AIM prefix). Fixed-length values take their length (a GS after
 * them is tolerated); variable ones end at GS or at the end of the data. A leading GS (FNC1 in
 * first position sent as GS) is skipped. Never throws.
 */
export function parseGs1ElementString(data: string, now: number): Gs1Parse {
  const elements: Gs1Element[] = [];
  const seen = new Set<string>();
  let position = 0;
  while (position < data.length) {
    if (data[position] === GS) {
      position += 1;
      continue;
    }
    const match = matchAi(data, position);
    if (match === null) {
      const shown = data.slice(position, position + 4);
      return { ok: false, error: `Неизвестный идентификатор применения (AI) в позиции ${position + 1}: «${shown}»` };
    }
    position += match.ai.length;
    let end: number;
    if (match.spec.fixedLength !== null) {
      end = position + match.spec.fixedLength;
      const gsInside = data.indexOf(GS, position);
      if (end > data.length || (gsInside !== -1 && gsInside < end)) {
        return { ok: false, error: `Код обрывается: AI (${match.ai}) требует ${match.spec.fixedLength} символов` };
      }
    } else {
      const gsAt = data.indexOf(GS, position);
      end = gsAt === -1 ? data.length : gsAt;
    }
    const value = data.slice(position, end);
    const problem = aiValueProblem(match, value, now);
    if (problem !== null) return { ok: false, error: problem };
    if (seen.has(match.ai)) return { ok: false, error: `AI (${match.ai}) встречается в коде дважды` };
    seen.add(match.ai);
    elements.push({ ai: match.ai, value, title: match.spec.title });
    position = end;
  }
  if (elements.length === 0) return { ok: false, error: 'В коде GS1 нет ни одного поля' };
  return { ok: true, elements };
}

/**
 * The canonical element string: AI + value, with GS after every value whose length is not
 * predefined by its AI (GS1 Figure 7.8.5-2), except after the last.
 */
export function formatGs1(elements: readonly Gs1Element[]): string {
  let text = '';
  elements.forEach((element, index) => {
    text += element.ai + element.value;
    if (index < elements.length - 1 && !isPredefinedLength(element.ai)) text += GS;
  });
  return text;
}

/** "(01)04601234567893(21)5w9EJp(93)abc1": the human-readable interpretation under a barcode. */
export function formatGs1Human(elements: readonly Gs1Element[]): string {
  return elements.map((e) => `(${e.ai})${e.value}`).join('');
}

export function elementsToRecord(elements: readonly Gs1Element[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const element of elements) record[element.ai] = element.value;
  return record;
}

export type Gs1Facts = {
  /** AI → ISO date (or date-time for 7003). */
  dates: Record<string, string>;
  /** Net weight from 310n, in grams. */
  weightGrams: number | null;
  /** Price from 392n, in kopecks (minor units of the local currency). */
  priceKopecks: number | null;
  /** AIs whose date had DD = 00. */
  monthOnlyDates: string[];
};

/** What the values mean: dates, net weight, price. Assumes the elements passed aiValueProblem. */
export function gs1Facts(elements: readonly Gs1Element[], now: number): Gs1Facts {
  const facts: Gs1Facts = { dates: {}, weightGrams: null, priceKopecks: null, monthOnlyDates: [] };
  for (const { ai, value } of elements) {
    const match = matchAi(ai, 0);
    if (match === null) continue;
    if (match.spec.format === 'date') {
      const date = parseGs1Date(value, now);
      if (date) {
        facts.dates[ai] = date.iso;
        if (date.isMonthOnly) facts.monthOnlyDates.push(ai);
      }
    } else if (match.spec.format === 'datetime') {
      const dateTime = parseGs1DateTime(value, now);
      if (dateTime) facts.dates[ai] = dateTime;
    } else if (match.decimals !== null && match.spec.ai === '310') {
      facts.weightGrams = scaleDecimal(value, match.decimals, 3);
    } else if (match.decimals !== null && match.spec.ai === '392') {
      facts.priceKopecks = scaleDecimal(value, match.decimals, 2);
    }
  }
  return facts;
}
