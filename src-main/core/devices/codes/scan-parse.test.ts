import { describe, expect, it } from 'vitest';
import { createSeededRandom, type SeededRandom } from '../../demo/seeded-random';
import { splitAim } from './aim';
import { GS } from './gs1-ai';
import { withCheckDigit } from './gtin';
import { type ParsedScan, parseScan, scanFormats } from './scan-parse';

const now = Date.UTC(2026, 0, 15);
const dairy = `0104601234567893215w9EJp${GS}93abc1`;

describe('splitAim', () => {
  it.each([
    [']E04601234567893', ']E0', 'ean13', false],
    [']E496385074', ']E4', 'ean8', false],
    [']C1010460123456789310ABC', ']C1', 'gs1-128', true],
    [']C0ABC-123', ']C0', 'code128', false],
    [`]d2${dairy}`, ']d2', 'gs1-datamatrix', true],
    [']d1hello', ']d1', 'datamatrix', false],
    [']Q1https://example.ru/x', ']Q1', 'qr', false],
    [`]Q3${dairy}`, ']Q3', 'gs1-qr', true],
    [']I014601234567890', ']I0', 'itf', false],
    [']z9abc', ']z9', 'unknown', false],
  ])('splits %j', (text, id, symbology, isGs1) => {
    const { aim, body } = splitAim(text);
    expect(aim).toEqual({ id, symbology, isGs1 });
    expect(body).toBe(text.slice(3));
  });

  it('leaves text without an AIM prefix alone', () => {
    expect(splitAim('4601234567893')).toEqual({ aim: null, body: '4601234567893' });
    expect(splitAim(']')).toEqual({ aim: null, body: ']' });
    expect(splitAim(']1abc')).toEqual({ aim: null, body: ']1abc' });
  });
});

describe('parseScan: AIM prefixes are honoured and stripped', () => {
  it('reads ]E0 + EAN-13 as EAN-13 from the scanner, not a guess', () => {
    expect(parseScan(']E04601234567893')).toMatchObject({
      aim: ']E0', symbology: 'ean13', isSymbologyGuessed: false, format: 'ean13', canonical: '4601234567893', gtin: '04601234567893',
    });
  });

  it('reads ]E0 + UPC-A (as 13 digits with a leading 0) and ]E4 + EAN-8', () => {
    expect(parseScan(']E00036000291452')).toMatchObject({ format: 'ean13', gtin: '00036000291452' });
    expect(parseScan(']E496385074')).toMatchObject({ format: 'ean8', symbology: 'ean8', gtin: '00000096385074' });
  });

  it('refuses ]E0 with data that is no EAN', () => {
    expect(parseScan(']E0ABC')).toMatchObject({ format: null, error: expect.stringMatching(/не похожи на код EAN/) });
  });

  it.each([
    [']d2', 'gs1-datamatrix'],
    [']Q3', 'gs1-qr'],
    [']C1', 'gs1-128'],
  ])('reads %s + the dairy code as a marking code', (prefix, symbology) => {
    expect(parseScan(`${prefix}${dairy}`, { now })).toMatchObject({ aim: prefix, symbology, format: 'marking', canonical: dairy });
  });

  it('reads ]C0 + 13 digits as Code 128 text, not as EAN (the symbology says so)', () => {
    expect(parseScan(']C04601234567893')).toMatchObject({ symbology: 'code128', format: 'text', canonical: '4601234567893', gtin: null });
  });

  it('reads ]Q1 (QR without FNC1) as text, and leaves real Cyrillic in it alone', () => {
    expect(parseScan(']Q1https://example.ru/x')).toMatchObject({ format: 'text', symbology: 'qr', canonical: 'https://example.ru/x' });
    expect(parseScan(']Q1https://честныйзнак.рф')).toMatchObject({ format: 'text', canonical: 'https://честныйзнак.рф', warnings: [] });
  });

  it('treats a ]C1 code that does not parse as invalid GS1, not as text', () => {
    expect(parseScan(']C1ABC')).toMatchObject({ format: null, error: expect.stringMatching(/Код GS1 не разобран/) });
  });

  it('strips scanner framing: CR LF, Tab, STX/ETX, spaces', () => {
    expect(parseScan('\u00024601234567893\u0003\r\n')).toMatchObject({ text: '4601234567893', format: 'ean13' });
    expect(parseScan('  4601234567893\t')).toMatchObject({ format: 'ean13' });
  });
});

describe('parseScan: formats without AIM', () => {
  it('guesses retail codes by length and check digit', () => {
    expect(parseScan('4601234567893')).toMatchObject({ format: 'ean13', symbology: 'ean13', isSymbologyGuessed: true });
    expect(parseScan('96385074')).toMatchObject({ format: 'ean8', gtin: '00000096385074' });
    expect(parseScan('036000291452')).toMatchObject({ format: 'upca', gtin: '00036000291452' });
    expect(parseScan('04601234567893')).toMatchObject({ format: 'gtin14', gtin: '04601234567893' });
    expect(parseScan(withCheckDigit('1460123456789'))).toMatchObject({ format: 'gtin14', symbology: 'itf' });
  });

  it('says which digit was expected when the check digit is wrong', () => {
    expect(parseScan('4601234567890')).toMatchObject({ format: null, isCheckDigitValid: false, error: expect.stringContaining('должна быть 3') });
  });

  it('treats other text as Code 128 content', () => {
    expect(parseScan('ART-000123')).toMatchObject({ format: 'text', canonical: 'ART-000123', symbology: 'code128' });
    expect(parseScan('1234567')).toMatchObject({ format: 'text' });
  });

  it('reads "01" + GTIN with nothing else as GS1', () => {
    expect(parseScan('0104601234567893')).toMatchObject({ format: 'gs1', gtin: '04601234567893', fields: { '01': '04601234567893' } });
  });

  it('falls back to text when 16+ digits starting with 01 are not GS1 and nothing says they are', () => {
    expect(parseScan('0112345678901234567')).toMatchObject({ format: 'text' });
  });

  it('accepts "#" and "␝" for GS in GS1 data, with a warning', () => {
    const scan = parseScan('0104601234567893215w9EJp#93abc1', { now });
    expect(scan).toMatchObject({ format: 'marking', canonical: dairy, marking: { status: 'ok' } });
    expect(scan.warnings).toEqual([expect.stringContaining('«#»')]);
    expect(parseScan('0104601234567893215w9EJp\u241d93abc1', { now }).canonical).toBe(dairy);
    // "№" is what "#" becomes under the Russian layout.
    expect(parseScan('0104601234567893215ц9УОз№93фис1', { now }).canonical).toBe(dairy);
  });

  it('decodes bytes as UTF-8, and keeps non-UTF-8 bytes visible (and invalid for GS1)', () => {
    expect(parseScan(Buffer.from(`${dairy}\r\n`, 'latin1'), { now }).canonical).toBe(dairy);
    const scan = parseScan(Buffer.from([0x30, 0x31, 0x30, 0x34, 0x36, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x33, 0x32, 0x31, 0xff, 0x1d]), { now });
    expect(scan.text).toContain('\u00ff');
    expect(scan.marking).toMatchObject({ status: 'unrestorable', message: expect.stringMatching(/Недопустимый символ «ÿ»/) });
  });

  it('rejects empty scans and control characters with a Russian message', () => {
    expect(parseScan('\r\n').error).toMatch(/Пустой скан/);
    expect(parseScan(']d2').error).toMatch(/Пустой скан/);
    expect(parseScan('46012\u000734567893').error).toMatch(/управляющий символ 0x07/);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: 100,000 inputs of four kinds; parseScan never throws and always returns a coherent object.

const cset82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const typedRussian = 'йцукенгшщзхъфывапролджэячсмитьбюЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ.,";:?№';

function randomString(random: SeededRandom, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet.charAt(random.int(alphabet.length));
  return text;
}

/** A marking-shaped code with GS dropped, duplicated or moved at random, sometimes "typed" in Cyrillic. */
function randomMarkingLike(random: SeededRandom): string {
  const gtin = withCheckDigit(`0${randomString(random, '0123456789', 12)}`);
  const serial = randomString(random, cset82, random.pick([6, 7, 13, 20, random.int(25)]));
  const tail = random.pick([
    `93${randomString(random, cset82, 4)}`,
    `91${randomString(random, cset82, 4)}${GS}92${randomString(random, cset82, random.pick([44, 88, random.int(90)]))}`,
    `8005${randomString(random, '0123456789', 6)}${GS}93${randomString(random, cset82, 4)}`,
    `93${randomString(random, cset82, 4)}${GS}3103${randomString(random, '0123456789', 6)}${GS}17${randomString(random, '0123456789', 6)}`,
  ]);
  let code = `01${gtin}21${serial}${GS}${tail}`;
  const edits = random.int(4);
  for (let e = 0; e < edits; e += 1) {
    const at = random.int(code.length + 1);
    code = random.chance(0.5) ? code.slice(0, at) + GS + code.slice(at) : code.replace(GS, '');
  }
  if (random.chance(0.2)) code = `]d2${code}`;
  if (random.chance(0.1)) code = [...code].map((c) => (random.chance(0.3) ? typedRussian.charAt(random.int(typedRussian.length)) : c)).join('');
  return code;
}

function randomInput(random: SeededRandom, index: number): string | Uint8Array {
  switch (index % 4) {
    case 0:
      return Uint8Array.from({ length: random.int(120) }, () => random.int(256));
    case 1:
      return randomString(random, '0123456789', random.int(40));
    case 2: {
      const digits = randomString(random, `0123456789${GS}`, random.int(60));
      return random.chance(0.3) ? `${random.pick([']E0', ']d2', ']C1', ']Q3', ']C0'])}${digits}` : digits;
    }
    default:
      return randomMarkingLike(random);
  }
}

/** Why a result is not coherent, or null. Plain checks: 100,000 `expect` calls would dominate the run time. */
function incoherence(scan: ParsedScan): string | null {
  if (typeof scan.canonical !== 'string' || !Array.isArray(scan.warnings)) return 'shape';
  if (scan.format === null) {
    if (!scan.error || !/\S/.test(scan.error)) return 'invalid without an error';
    if (scan.error.includes('Внутренняя ошибка')) return scan.error;
  } else {
    if (!scanFormats.includes(scan.format)) return `format ${scan.format}`;
    if (scan.error !== null) return `format with error ${scan.error}`;
  }
  if (scan.gtin !== null && !/^[0-9]{14}$/.test(scan.gtin)) return `gtin ${scan.gtin}`;
  return null;
}

describe('parseScan fuzz', () => {
  it('never throws on 100,000 random inputs and always returns a coherent result', () => {
    const random = createSeededRandom(20_260_115);
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      const input = randomInput(random, i);
      let scan: ParsedScan;
      try {
        scan = parseScan(input, { now });
      } catch (err) {
        failures.push(`threw on ${JSON.stringify(String(input))}: ${String(err)}`);
        continue;
      }
      const problem = incoherence(scan);
      if (problem !== null) failures.push(`${problem} for ${JSON.stringify(scan.text)}`);
      const key = scan.marking ? `marking:${scan.marking.status}` : (scan.format ?? 'invalid');
      counts[key] = (counts[key] ?? 0) + 1;
      // A marking code read with its separators (as sent or restored) reads the same from its canonical form.
      if (scan.marking?.status === 'ok' || scan.marking?.status === 'restored') {
        const again = parseScan(scan.canonical, { now });
        if (again.canonical !== scan.canonical || again.marking?.status !== 'ok') failures.push(`not idempotent: ${JSON.stringify(scan.canonical)}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The generators reach every interesting outcome.
    for (const key of ['invalid', 'text', 'ean13', 'marking:ok', 'marking:restored', 'marking:unrestorable']) {
      expect(counts[key] ?? 0, `${key} in ${JSON.stringify(counts)}`).toBeGreaterThan(0);
    }
  });
});
