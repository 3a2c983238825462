// One scan, as bytes or text, to what it says: the symbology, the code format (EAN/UPC/GTIN-14,
// GS1 element string, Честный знак marking code, cigarette pack, weight code, plain text), its
// fields, and a canonical form with real GS (0x1D) separators. Pure: no database, never throws.
import { type AimInfo, splitAim, type Symbology } from './aim';
import { GS } from './gs1-ai';
import { elementsToRecord, formatGs1, gs1Facts, type Gs1Element, parseGs1ElementString, showChar } from './gs1-element-string';
import { gtinCheckDigit, type GtinKind, gtinKindOf, isValidGtin, toGtin14 } from './gtin';
import { isTypedUnderRussianLayout, russianLayoutToLatin } from './keyboard-layout';
import { analyseMarkingCode, looksLikeMarkingCode, type MarkingInfo, parseTobaccoPack, type TobaccoPack } from './marking-code';
import { defaultMarkingGroups, type MarkingGroup } from './marking-groups';
import { decodeWeightedEan13, defaultWeightedConfig, type WeightedConfig, type WeightedEan } from './weighted-ean';

export type ScanInput = string | Uint8Array;

export const scanFormats = ['ean13', 'ean8', 'upca', 'gtin14', 'gs1', 'marking', 'tobacco-pack', 'text'] as const;
export type ScanFormat = (typeof scanFormats)[number];

export type ParseScanOptions = {
  /** Weight-code layouts and item sources. Default: defaultWeightedConfig (prefixes 20–29, grams). */
  weighted?: WeightedConfig;
  /** Marking-code structures tried when GS is missing. Default: defaultMarkingGroups. */
  markingGroups?: readonly MarkingGroup[];
  /**
   * Characters a scanner sends instead of GS inside GS1 data. Default "#" (Odoo's default
   * separator pattern, design doc §3.3) and "␝" (U+241D, what copy-paste from some tools gives);
   * neither is in GS1's character set, so neither can be real data.
   */
  gsSubstitutes?: readonly string[];
  /** Epoch ms; chooses the century of two-digit GS1 years. Default: now. */
  now?: number;
};

export type ParsedScan = {
  /** The input as text with scanner framing (CR, LF, Tab, STX/ETX, spaces at the ends) removed, before any repair. */
  text: string;
  /** What was parsed: `text` with the keyboard layout repaired and the AIM identifier removed. */
  body: string;
  /** AIM symbology identifier as sent ("]d2"), or null. */
  aim: string | null;
  symbology: Symbology;
  /** No AIM identifier: the symbology is guessed from the content. */
  isSymbologyGuessed: boolean;
  /** Null when the scan is invalid. */
  format: ScanFormat | null;
  /** The code in its canonical form: digits for retail codes, GS1 with 0x1D separators, the text otherwise. */
  canonical: string;
  /** GTIN-14 (from the retail code, AI 01, or the cigarette pack), or null. */
  gtin: string | null;
  /** Retail codes: whether the check digit is right; null for other formats. */
  isCheckDigitValid: boolean | null;
  /** GS1 fields in code order. */
  elements: Gs1Element[];
  /** GS1 fields by AI (null when the code has none). */
  fields: Record<string, string> | null;
  /** AI → ISO date (date-time for 7003); DD = 00 becomes the month's last day. */
  dates: Record<string, string>;
  /** Net weight: from a weight code or AI 310n. */
  weightGrams: number | null;
  /** Price: from a price code or AI 392n. */
  priceKopecks: number | null;
  marking: MarkingInfo | null;
  tobaccoPack: TobaccoPack | null;
  weighted: WeightedEan | null;
  /** Russian; the scan was usable but something had to be repaired or is suspicious. */
  warnings: string[];
  /** Russian; set when the scan is invalid (format is then null). */
  error: string | null;
};

const maxScanLength = 1000;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes as UTF-8 when they are valid UTF-8, else one character per byte (latin1). */
export function decodeScanInput(raw: ScanInput): string {
  if (typeof raw === 'string') return raw;
  try {
    return decoder.decode(raw);
  } catch {
    // Not UTF-8: keep every byte visible (and invalid for GS1) rather than guess a code page.
    let text = '';
    for (const byte of raw) text += String.fromCharCode(byte);
    return text;
  }
}

const leadingFraming = new Set(['\u0000', '\u0002']);
const trailingFraming = new Set(['\u0000', '\u0003', '\u0004']);
const isSpace = (char: string) => /\s/.test(char);

/** Scanner framing: STX/NUL before, CR/LF/Tab/ETX/EOT/NUL after, spaces at both ends. GS is kept. */
function stripFraming(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (leadingFraming.has(text.charAt(start)) || isSpace(text.charAt(start)))) start += 1;
  while (end > start && (trailingFraming.has(text.charAt(end - 1)) || isSpace(text.charAt(end - 1)))) end -= 1;
  return text.slice(start, end);
}

const gtinKindNames: Readonly<Record<GtinKind, string>> = { ean13: 'EAN-13', ean8: 'EAN-8', upca: 'UPC-A', gtin14: 'GTIN-14' };

function emptyResult(text: string): ParsedScan {
  return {
    text,
    body: text,
    aim: null,
    symbology: 'unknown',
    isSymbologyGuessed: true,
    format: null,
    canonical: text,
    gtin: null,
    isCheckDigitValid: null,
    elements: [],
    fields: null,
    dates: {},
    weightGrams: null,
    priceKopecks: null,
    marking: null,
    tobaccoPack: null,
    weighted: null,
    warnings: [],
    error: null,
  };
}

/**
 * Parses one scan. Never throws: a scan that cannot be read comes back with `format: null` and a
 * Russian `error`; repairs (keyboard layout, GS substitutes, restored GS) come back as `warnings`.
 */
export function parseScan(raw: ScanInput, options: ParseScanOptions = {}): ParsedScan {
  let text = '';
  try {
    text = stripFraming(decodeScanInput(raw));
    return parseText(text, options);
  } catch (err) {
    // A bug, not a bad scan; the fuzz test asserts this never happens.
    return { ...emptyResult(text), error: `Внутренняя ошибка разбора кода: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parseText(text: string, options: ParseScanOptions): ParsedScan {
  const result = emptyResult(text);
  const fail = (error: string): ParsedScan => ({ ...result, format: null, error });
  if (text.length === 0) return fail('Пустой скан: сканер не передал ни одного символа');
  if (text.length > maxScanLength) return fail(`Слишком длинный скан: ${text.length} символов (допустимо до ${maxScanLength})`);

  let repaired = text;
  if (isTypedUnderRussianLayout(text)) {
    repaired = russianLayoutToLatin(text);
    result.warnings.push(
      'Сканер печатает в русской раскладке: буквы пришли кириллицей и переведены обратно по клавишам (ЙЦУКЕН → QWERTY). ' +
        'Переключите сканер в режим COM/HID или на английскую раскладку, чтобы коды приходили без искажений.',
    );
  }
  const { aim, body } = splitAim(repaired);
  result.body = body;
  result.canonical = body;
  if (aim) {
    result.aim = aim.id;
    result.symbology = aim.symbology;
    result.isSymbologyGuessed = false;
    if (aim.symbology === 'unknown') result.warnings.push(`Неизвестный идентификатор символики ${aim.id}: убран из кода`);
  }
  if (body.length === 0) return fail('Пустой скан: после идентификатора символики нет данных');
  const control = [...body].find((c) => c !== GS && (c < ' ' || c === '\u007f'));
  if (control !== undefined) return fail(`Недопустимый управляющий символ ${showChar(control)} в коде`);

  const isEanAim = aim?.symbology === 'ean13' || aim?.symbology === 'ean8' || aim?.symbology === 'upca' || aim?.symbology === 'ean-addon';
  if (isEanAim) return parseRetail(result, body, aim, options);
  if (aim?.isGs1 || (!isPlainTextAim(aim) && looksLikeGs1(body, options))) {
    const gs1 = parseGs1(result, body, aim, options);
    if (gs1 !== null) return gs1;
  }
  if (!aim?.isGs1 && !body.includes(GS)) {
    const pack = parseTobaccoPack(body);
    if (pack && !isPlainTextAim(aim)) {
      guessSymbology(result, 'datamatrix');
      return {
        ...result,
        format: 'tobacco-pack',
        gtin: pack.gtin,
        tobaccoPack: pack,
        elements: [
          { ai: '01', value: pack.gtin, title: 'GTIN (код товара)' },
          { ai: '21', value: pack.serial, title: 'Серийный номер' },
        ],
        fields: { '01': pack.gtin, '21': pack.serial },
        marking: { status: 'ok', groups: [{ id: 'tobacco-pack', name: 'Табачная продукция (пачка)' }], serial: pack.serial, message: null },
      };
    }
    if (/^[0-9]+$/.test(body) && gtinKindOf(body) !== null && aim?.symbology !== 'code128' && aim?.symbology !== 'code39') {
      return parseRetail(result, body, aim, options);
    }
  }
  guessSymbology(result, 'code128');
  return { ...result, format: 'text' };
}

/** Symbologies whose data is plain text (no FNC1 in first position): Code 128/39 without GS1. */
function isPlainTextAim(aim: AimInfo | null): boolean {
  return aim?.symbology === 'code128' || aim?.symbology === 'code39';
}

function guessSymbology(result: ParsedScan, guess: Symbology): void {
  if (result.isSymbologyGuessed) result.symbology = guess;
}

function looksLikeGs1(body: string, options: ParseScanOptions): boolean {
  if (body.includes(GS)) return true;
  if (/^0[12][0-9]{14}/.test(body)) return true;
  if (/^00[0-9]{18}/.test(body)) return true;
  const substitutes = options.gsSubstitutes ?? defaultGsSubstitutes;
  // A substitute at the very start is a transmitted FNC1 in first position.
  return substitutes.some((s) => s.length > 0 && body.startsWith(s) && /^[0-9]{2}/.test(body.slice(s.length)));
}

const defaultGsSubstitutes: readonly string[] = ['#', '\u241d'];

function parseRetail(result: ParsedScan, body: string, aim: AimInfo | null, options: ParseScanOptions): ParsedScan {
  const kind = gtinKindOf(body);
  if (kind === null) {
    return { ...result, format: null, error: `Сканер сообщил символику ${aim?.id ?? ''} (EAN/UPC), но данные не похожи на код EAN/UPC: «${body}»` };
  }
  const isValid = isValidGtin(body);
  guessSymbology(result, kind === 'gtin14' ? 'itf' : kind);
  const format: ScanFormat = kind;
  if (!isValid) {
    const expected = gtinCheckDigit(body.slice(0, -1));
    return {
      ...result,
      format: null,
      isCheckDigitValid: false,
      error: `Неверная контрольная цифра ${gtinKindNames[kind]} ${body}: должна быть ${expected}. Вероятно, код считан с ошибкой — отсканируйте ещё раз.`,
    };
  }
  const weighted = kind === 'ean13' ? decodeWeightedEan13(body, options.weighted ?? defaultWeightedConfig) : null;
  return {
    ...result,
    format,
    isCheckDigitValid: true,
    gtin: toGtin14(body),
    weighted,
    weightGrams: weighted?.weightGrams ?? null,
    priceKopecks: weighted?.priceKopecks ?? null,
  };
}

/** GS1 element strings and marking codes. Null means "not GS1 after all": the caller tries the next reading. */
function parseGs1(result: ParsedScan, body: string, aim: AimInfo | null, options: ParseScanOptions): ParsedScan | null {
  const now = options.now ?? Date.now();
  let data = body;
  // A copy: when this turns out not to be GS1, the caller's result must not carry these warnings.
  const base: ParsedScan = { ...result, format: null, warnings: [...result.warnings] };
  for (const substitute of options.gsSubstitutes ?? defaultGsSubstitutes) {
    if (substitute.length === 0 || !data.includes(substitute)) continue;
    data = data.split(substitute).join(GS);
    base.warnings.push(`Вместо разделителя GS (0x1D) сканер передал «${substitute}»: символ заменён на GS.`);
  }
  const isSureGs1 = Boolean(aim?.isGs1) || data.includes(GS);
  guessSymbology(base, looksLikeMarkingCode(data) ? 'gs1-datamatrix' : 'gs1-128');

  let elements: Gs1Element[];
  let canonical: string;
  let marking: MarkingInfo | null = null;
  const analysis = looksLikeMarkingCode(data) ? analyseMarkingCode(data, options.markingGroups ?? defaultMarkingGroups, now) : null;
  if (analysis?.kind === 'invalid') return { ...base, error: analysis.error };
  if (analysis?.kind === 'marking') {
    elements = analysis.elements;
    marking = analysis.marking;
    const isRead = marking.status === 'ok' || marking.status === 'restored' || marking.status === 'unknown-structure';
    canonical = isRead ? formatGs1(elements) : data.startsWith(GS) ? data.slice(1) : data;
    if (marking.message) base.warnings.push(marking.message);
  } else {
    const parsed = parseGs1ElementString(data, now);
    if (!parsed.ok) {
      // Digits that merely start like "01…" and carry no GS or GS1 AIM may be a plain code.
      if (!isSureGs1) return null;
      return { ...base, error: `Код GS1 не разобран: ${parsed.error}` };
    }
    elements = parsed.elements;
    canonical = formatGs1(elements);
  }
  const facts = gs1Facts(elements, now);
  const gtin = elements.find((e) => e.ai === '01')?.value ?? null;
  return {
    ...base,
    format: marking ? 'marking' : 'gs1',
    canonical,
    gtin,
    elements,
    fields: elementsToRecord(elements),
    dates: facts.dates,
    weightGrams: facts.weightGrams,
    priceKopecks: facts.priceKopecks,
    marking,
  };
}
