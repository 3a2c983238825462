// AIM symbology identifiers (ISO/IEC 15424): "]" + symbology letter + modifier, sent by a scanner
// before the data when told to. `]d2` = Data Matrix with FNC1 in first position, i.e. GS1
// DataMatrix (design doc §3.3, GOST R ISO/IEC 16022 Annex N).

export const symbologies = [
  'ean13',
  'ean8',
  'upca',
  'ean-addon',
  'itf',
  'code128',
  'gs1-128',
  'code39',
  'datamatrix',
  'gs1-datamatrix',
  'qr',
  'gs1-qr',
  'gs1-databar',
  'pdf417',
  'unknown',
] as const;
export type Symbology = (typeof symbologies)[number];

export type AimInfo = {
  /** The identifier as sent, e.g. "]d2". */
  id: string;
  symbology: Symbology;
  /** The data is a GS1 element string (FNC1 in first position). */
  isGs1: boolean;
};

type AimEntry = { symbology: Symbology; isGs1: boolean };

const entries: Record<string, AimEntry> = {
  // EAN/UPC: E0 = EAN-13 (UPC-A arrives as 13 digits with a leading 0), E4 = EAN-8,
  // E1/E2 = add-on only, E3 = main + add-on.
  E0: { symbology: 'ean13', isGs1: false },
  E1: { symbology: 'ean-addon', isGs1: false },
  E2: { symbology: 'ean-addon', isGs1: false },
  E3: { symbology: 'ean13', isGs1: false },
  E4: { symbology: 'ean8', isGs1: false },
  // Code 128: C1 = FNC1 in first position (GS1-128).
  C0: { symbology: 'code128', isGs1: false },
  C1: { symbology: 'gs1-128', isGs1: true },
  C2: { symbology: 'code128', isGs1: false },
  C4: { symbology: 'code128', isGs1: false },
  // Interleaved 2 of 5 (ITF-14 is printed with it).
  I0: { symbology: 'itf', isGs1: false },
  I1: { symbology: 'itf', isGs1: false },
  I3: { symbology: 'itf', isGs1: false },
  // Code 39.
  A0: { symbology: 'code39', isGs1: false },
  A1: { symbology: 'code39', isGs1: false },
  A3: { symbology: 'code39', isGs1: false },
  A4: { symbology: 'code39', isGs1: false },
  A5: { symbology: 'code39', isGs1: false },
  A7: { symbology: 'code39', isGs1: false },
  // Data Matrix ECC 200: d1 plain, d2 FNC1 first (GS1), d3 FNC1 second, d4 ECI, d5 FNC1 first + ECI, d6 FNC1 second + ECI.
  d0: { symbology: 'datamatrix', isGs1: false },
  d1: { symbology: 'datamatrix', isGs1: false },
  d2: { symbology: 'gs1-datamatrix', isGs1: true },
  d3: { symbology: 'datamatrix', isGs1: false },
  d4: { symbology: 'datamatrix', isGs1: false },
  d5: { symbology: 'gs1-datamatrix', isGs1: true },
  d6: { symbology: 'datamatrix', isGs1: false },
  // QR Code: Q1 model 2, Q2 with ECI, Q3 FNC1 first (GS1 QR), Q4 FNC1 first + ECI, Q5/Q6 FNC1 second.
  Q0: { symbology: 'qr', isGs1: false },
  Q1: { symbology: 'qr', isGs1: false },
  Q2: { symbology: 'qr', isGs1: false },
  Q3: { symbology: 'gs1-qr', isGs1: true },
  Q4: { symbology: 'gs1-qr', isGs1: true },
  Q5: { symbology: 'qr', isGs1: false },
  Q6: { symbology: 'qr', isGs1: false },
  // GS1 DataBar (always GS1 data).
  e0: { symbology: 'gs1-databar', isGs1: true },
  // PDF417.
  L0: { symbology: 'pdf417', isGs1: false },
  L1: { symbology: 'pdf417', isGs1: false },
  L2: { symbology: 'pdf417', isGs1: false },
};

/**
 * Splits a leading AIM identifier off `text`. Known identifiers are looked up; an unknown one of
 * the AIM shape ("]" + letter + letter/digit) is still removed, with symbology "unknown", because
 * "]" never starts a GS1 element string or a retail code.
 */
export function splitAim(text: string): { aim: AimInfo | null; body: string } {
  if (text.length < 3 || text[0] !== ']') return { aim: null, body: text };
  const key = text.slice(1, 3);
  if (!/^[A-Za-z][0-9A-Za-z]$/.test(key)) return { aim: null, body: text };
  const entry = entries[key];
  const id = `]${key}`;
  return { aim: entry ? { id, ...entry } : { id, symbology: 'unknown', isGs1: false }, body: text.slice(3) };
}
