// GS1 application identifiers (AIs) a store meets, as data: how long each AI is, how long its value
// is, and what it may contain. Lengths follow the GS1 General Specifications (§3 AI definitions,
// Figure 7.8.5-2 for the AIs that need no FNC1 after them).

/** The ASCII group separator: FNC1 as a scanner transmits it (design doc §3.6: "ASCII 29"). */
export const GS = '\u001d';

export type AiValueFormat =
  /** Digits only. */
  | 'digits'
  /** GS1 "invariant" character set 82 (CSET 82). */
  | 'text'
  /** YYMMDD; DD may be 00 ("month only"). */
  | 'date'
  /** YYMMDDhhmm. */
  | 'datetime'
  /** Digits; the AI's last digit says where the decimal point is (310n: kg with n decimals). */
  | 'decimal';

export type AiSpec = {
  /** The AI, or for decimal families (310n, 392n) its first three digits. */
  ai: string;
  /** Fixed value length, or null when the value is variable (ends at GS or at the end of the data). */
  fixedLength: number | null;
  /** Longest value allowed (equals fixedLength for fixed AIs). */
  maxLength: number;
  format: AiValueFormat;
  /** The value ends in a GS1 mod-10 check digit (GTIN, SSCC, GLN). */
  hasCheckDigit?: boolean;
  /** Decimal family: the 4th AI digit (0–5) is the number of decimals. */
  isDecimalFamily?: boolean;
  /** Short Russian name for people. */
  title: string;
};

const fixed = (ai: string, length: number, format: AiValueFormat, title: string, extra: Partial<AiSpec> = {}): AiSpec => ({
  ai,
  fixedLength: length,
  maxLength: length,
  format,
  title,
  ...extra,
});
const variable = (ai: string, maxLength: number, format: AiValueFormat, title: string, extra: Partial<AiSpec> = {}): AiSpec => ({
  ai,
  fixedLength: null,
  maxLength,
  format,
  title,
  ...extra,
});
const measure = (stem: string, title: string): AiSpec => fixed(stem, 6, 'decimal', title, { isDecimalFamily: true });

const specs: readonly AiSpec[] = [
  fixed('00', 18, 'digits', 'SSCC (код транспортной упаковки)', { hasCheckDigit: true }),
  fixed('01', 14, 'digits', 'GTIN (код товара)', { hasCheckDigit: true }),
  fixed('02', 14, 'digits', 'GTIN вложенного товара', { hasCheckDigit: true }),
  variable('10', 20, 'text', 'Номер партии'),
  fixed('11', 6, 'date', 'Дата производства'),
  fixed('12', 6, 'date', 'Дата оплаты'),
  fixed('13', 6, 'date', 'Дата упаковки'),
  fixed('15', 6, 'date', 'Годен до (лучше употребить до)'),
  fixed('16', 6, 'date', 'Продать до'),
  fixed('17', 6, 'date', 'Срок годности'),
  fixed('20', 2, 'digits', 'Вариант товара'),
  variable('21', 20, 'text', 'Серийный номер'),
  variable('22', 20, 'text', 'Вариант потребительского товара'),
  variable('235', 28, 'text', 'Серийный номер третьей стороны'),
  variable('240', 30, 'text', 'Дополнительный код товара'),
  variable('241', 30, 'text', 'Код товара покупателя'),
  variable('242', 6, 'digits', 'Вариант под заказ'),
  variable('250', 30, 'text', 'Вторичный серийный номер'),
  variable('251', 30, 'text', 'Ссылка на исходный объект'),
  variable('254', 20, 'text', 'Расширение GLN'),
  variable('30', 8, 'digits', 'Количество'),
  measure('310', 'Масса нетто, кг'),
  measure('311', 'Длина, м'),
  measure('312', 'Ширина, м'),
  measure('313', 'Высота, м'),
  measure('314', 'Площадь, м²'),
  measure('315', 'Объём нетто, л'),
  measure('316', 'Объём нетто, м³'),
  measure('330', 'Масса брутто, кг'),
  variable('37', 8, 'digits', 'Количество товаров в упаковке'),
  variable('390', 15, 'decimal', 'Сумма к оплате', { isDecimalFamily: true }),
  variable('392', 15, 'decimal', 'Цена, местная валюта', { isDecimalFamily: true }),
  variable('400', 30, 'text', 'Номер заказа покупателя'),
  variable('401', 30, 'text', 'Номер отправки (GINC)'),
  fixed('402', 17, 'digits', 'Номер отгрузки (GSIN)'),
  variable('403', 30, 'text', 'Код маршрута'),
  fixed('410', 13, 'digits', 'GLN получателя', { hasCheckDigit: true }),
  fixed('411', 13, 'digits', 'GLN плательщика', { hasCheckDigit: true }),
  fixed('412', 13, 'digits', 'GLN поставщика', { hasCheckDigit: true }),
  fixed('413', 13, 'digits', 'GLN конечного получателя', { hasCheckDigit: true }),
  fixed('414', 13, 'digits', 'GLN места', { hasCheckDigit: true }),
  fixed('415', 13, 'digits', 'GLN выставившего счёт', { hasCheckDigit: true }),
  variable('420', 20, 'text', 'Почтовый индекс получателя'),
  fixed('422', 3, 'digits', 'Страна происхождения (ISO 3166)'),
  fixed('7003', 10, 'datetime', 'Срок годности (дата и время)'),
  fixed('7006', 6, 'date', 'Дата первой заморозки'),
  fixed('8005', 6, 'digits', 'Цена за единицу измерения'),
  variable('90', 30, 'text', 'Внутренние данные (90)'),
  // 91–99 are "company internal" in GS1 (variable, up to 90). Честный знак gives 91/92/93 fixed
  // meanings and lengths; those rules live in marking-groups.ts, not here (design doc §3.6).
  variable('91', 90, 'text', 'Идентификатор ключа проверки'),
  variable('92', 90, 'text', 'Код проверки (криптоподпись)'),
  variable('93', 90, 'text', 'Код проверки (криптохвост)'),
  variable('94', 90, 'text', 'Внутренние данные (94)'),
  variable('95', 90, 'text', 'Внутренние данные (95)'),
  variable('96', 90, 'text', 'Внутренние данные (96)'),
  variable('97', 90, 'text', 'Внутренние данные (97)'),
  variable('98', 90, 'text', 'Внутренние данные (98)'),
  variable('99', 90, 'text', 'Внутренние данные (99)'),
];

const specByAi = new Map(specs.map((s) => [s.ai, s]));

/**
 * AI length by its first two digits (GS1 General Specifications, "GS1 Application Identifiers in
 * numerical order"). A prefix missing here starts no AI we know.
 */
const aiLengthByPrefix: Readonly<Record<string, 2 | 3 | 4>> = {
  ...Object.fromEntries(['00', '01', '02', '10', '11', '12', '13', '15', '16', '17', '20', '21', '22', '30', '37'].map((p) => [p, 2])),
  ...Object.fromEntries(['90', '91', '92', '93', '94', '95', '96', '97', '98', '99'].map((p) => [p, 2])),
  ...Object.fromEntries(['23', '24', '25', '40', '41', '42'].map((p) => [p, 3])),
  ...Object.fromEntries(['31', '32', '33', '34', '35', '36', '39', '70', '80'].map((p) => [p, 4])),
};

/**
 * AIs whose value length is predefined by their first two digits, so no FNC1/GS follows them even
 * mid-string (GS1 General Specifications Figure 7.8.5-2). Every other AI is followed by GS unless last.
 */
const predefinedLengthPrefixes = new Set(['00', '01', '02', '03', '04', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '31', '32', '33', '34', '35', '36', '41']);

export function isPredefinedLength(ai: string): boolean {
  return predefinedLengthPrefixes.has(ai.slice(0, 2));
}

export type AiMatch = { ai: string; spec: AiSpec; decimals: number | null };

/**
 * The AI that starts at `position` of `data`, or null when the characters there start no AI in the
 * table (unknown prefix, non-digits, unknown AI, or a decimal indicator above 5 for a measure).
 */
export function matchAi(data: string, position: number): AiMatch | null {
  const length = aiLengthByPrefix[data.slice(position, position + 2)];
  if (length === undefined) return null;
  const ai = data.slice(position, position + length);
  if (ai.length !== length || !isDigits(ai)) return null;
  const exact = specByAi.get(ai);
  if (exact && !exact.isDecimalFamily) return { ai, spec: exact, decimals: null };
  if (length !== 4) return null;
  const family = specByAi.get(ai.slice(0, 3));
  if (!family?.isDecimalFamily) return null;
  const decimals = ai.charCodeAt(3) - 48;
  // Measures (31nn–36nn) allow 0–5 decimals; amounts (39nn) allow 0–9.
  if (family.ai.startsWith('3') && !family.ai.startsWith('39') && decimals > 5) return null;
  return { ai, spec: family, decimals };
}

/** The spec of a complete AI ("01", "3103"), or null. */
export function aiSpec(ai: string): AiSpec | null {
  const match = matchAi(ai, 0);
  return match?.ai === ai ? match.spec : null;
}

const cset82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const digits = /^[0-9]*$/;

/** True when every character is in GS1 character set 82 (the "invariant" ASCII subset). */
export function isCset82(text: string): boolean {
  return cset82.test(text);
}

export function isDigits(text: string): boolean {
  return digits.test(text);
}
