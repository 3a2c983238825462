// Честный знак marking codes (КМ, CIS) by product group, as data. GS1 treats AIs 91–99 as
// variable length (up to 90) and ends them with GS; Честный знак fixes their lengths per group,
// which is what lets us restore GS when a scanner drops it (design doc §3.6). Each group says where
// its structure comes from; the ones not in the design doc are assumptions, marked as such.

export type MarkingAiRule = {
  ai: string;
  /** Allowed value lengths (92 is 44 characters, 88 in footwear per the Belarus operator [H6]). */
  lengths: readonly number[];
};

export type MarkingGroup = {
  id: string;
  /** Russian name shown to people. */
  name: string;
  /** Allowed lengths of the serial number (AI 21). */
  serialLengths: readonly number[];
  /** Alternatives for the verification part: every AI of one alternative must be present. */
  verification: readonly (readonly MarkingAiRule[])[];
  /** AIs that may also follow the serial (fixed lengths), e.g. the dairy expiry and net weight. */
  optional: readonly MarkingAiRule[];
  /** Where this structure comes from. */
  source: string;
};

const ai91 = { ai: '91', lengths: [4] } as const;
const ai92 = { ai: '92', lengths: [44, 88] } as const;
const ai93 = { ai: '93', lengths: [4] } as const;
const netWeight = ['3100', '3101', '3102', '3103', '3104', '3105'].map((ai) => ({ ai, lengths: [6] }));

/**
 * The groups tried, in order, when a marking code has lost its GS separators. A result is accepted
 * only when exactly one reading of the code fits (see marking-code.ts).
 */
export const defaultMarkingGroups: readonly MarkingGroup[] = [
  {
    id: 'dairy',
    name: 'Молочная продукция',
    serialLengths: [6],
    verification: [[ai93]],
    optional: [{ ai: '17', lengths: [6] }, { ai: '7003', lengths: [10] }, ...netWeight],
    source:
      'design doc §3.6: serial of 6 in the dairy example [H4], 93 of 4 (dairy, water), an expiry of 6 or 10 ' +
      'characters [H10] taken as AI 17 / 7003 (the doc marks that mapping as its inference), 310n net weight [H21]',
  },
  {
    id: 'short',
    name: 'Упакованная вода и другие группы с кратким кодом проверки (93)',
    serialLengths: [13],
    verification: [[ai93]],
    optional: [],
    source: 'design doc §3.6: serial 13 characters "for most groups", 93 of 4 (dairy, water)',
  },
  {
    id: 'full',
    name: 'Обувь, одежда, шины, парфюмерия и другие группы с ключом и кодом проверки (91 + 92)',
    serialLengths: [13],
    verification: [[ai91, ai92]],
    optional: [],
    source: 'design doc §3.6: serial 13, 91 of 4, 92 of 44 (88 for footwear per the Belarus operator [H6]); shoe example [H5]',
  },
  {
    id: 'tobacco-block',
    name: 'Табачная продукция (блок)',
    serialLengths: [7],
    verification: [[{ ai: '8005', lengths: [6] }, ai93]],
    optional: [],
    source: 'ASSUMPTION (issue #5 brief, not in the design doc): serial 7, 8005 maximum retail price of 6 digits, 93 of 4',
  },
  {
    id: 'long-serial',
    name: 'Группы с серийным номером из 20 символов',
    serialLengths: [20],
    verification: [[ai93], [ai91, ai92]],
    optional: [],
    source: 'ASSUMPTION (issue #5 brief: serial 6/13/20 depending on group; the design doc names no group with 20)',
  },
];

/**
 * The consumer pack of cigarettes carries a code without AIs or GS: 14-digit GTIN, 7-character
 * serial, then 8 characters (4 of encoded maximum retail price and 4 of verification code), 29 in
 * all. ASSUMPTION: not in the design doc; the 14 + 7 + 8 layout matches the Uzbek operator's
 * published example (help.crpt-turon.uz, "Tobacco Products: Marking Code"), the 4 + 4 split of the
 * last 8 is the Russian scheme as we know it and is not used for anything but display.
 */
export const tobaccoPackLayout = { gtin: 14, serial: 7, mrp: 4, verification: 4, total: 29 } as const;
