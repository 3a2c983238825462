import { describe, expect, it } from 'vitest';
import { GS, isPredefinedLength, matchAi } from './gs1-ai';
import { elementsToRecord, formatGs1, formatGs1Human, gs1Facts, type Gs1Element, parseGs1ElementString } from './gs1-element-string';
import { gs1FullYear, parseGs1Date, parseGs1DateTime, scaleDecimal } from './gs1-values';
import { withCheckDigit } from './gtin';

const now = Date.UTC(2026, 0, 15);

function parsed(data: string): Gs1Element[] {
  const result = parseGs1ElementString(data, now);
  if (!result.ok) throw new Error(result.error);
  return result.elements;
}

function problem(data: string): string {
  const result = parseGs1ElementString(data, now);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.elements)}`);
  return result.error;
}

describe('matchAi', () => {
  it('finds 2-, 3- and 4-digit AIs and the decimal families', () => {
    expect(matchAi('01', 0)?.spec.fixedLength).toBe(14);
    expect(matchAi('240', 0)?.spec.maxLength).toBe(30);
    expect(matchAi('8005', 0)?.spec.fixedLength).toBe(6);
    expect(matchAi('7003', 0)?.spec.format).toBe('datetime');
    expect(matchAi('3103', 0)).toMatchObject({ ai: '3103', decimals: 3 });
    expect(matchAi('3169', 0)).toBeNull(); // measures allow 0–5 decimals
    expect(matchAi('3922', 0)).toMatchObject({ ai: '3922', decimals: 2 });
    expect(matchAi('xx', 0)).toBeNull();
    expect(matchAi('05', 0)).toBeNull();
  });

  it('knows which AIs need no GS after them', () => {
    expect(['00', '01', '02', '11', '13', '15', '17', '20', '3103', '3922'].map(isPredefinedLength)).toEqual([
      true, true, true, true, true, true, true, true, true, false,
    ]);
    expect(['10', '21', '240', '30', '37', '8005', '7003', '91', '92', '93'].some(isPredefinedLength)).toBe(false);
  });
});

describe('parseGs1ElementString', () => {
  it('reads fixed fields by length and variable fields up to GS or the end', () => {
    const elements = parsed(`01046012345678931725010010LOT-7${GS}21SER123${GS}3012`);
    expect(elements.map((e) => e.ai)).toEqual(['01', '17', '10', '21', '30']);
    expect(elementsToRecord(elements)).toEqual({ '01': '04601234567893', '17': '250100', '10': 'LOT-7', '21': 'SER123', '30': '12' });
  });

  it('parses the AIs stores meet', () => {
    const sscc = withCheckDigit('10614141123456789');
    const data =
      `00${sscc}02${withCheckDigit('0460123456789')}10ABC${GS}11250301` +
      `13250302${'15250400'}3103000500240X-1${GS}37${'24'}${GS}8005000990${GS}91EE05${GS}92Kx/y+z${GS}93ab!1`;
    expect(elementsToRecord(parsed(data))).toEqual({
      '00': sscc,
      '02': withCheckDigit('0460123456789'),
      '10': 'ABC',
      '11': '250301',
      '13': '250302',
      '15': '250400',
      '3103': '000500',
      '240': 'X-1',
      '37': '24',
      '8005': '000990',
      '91': 'EE05',
      '92': 'Kx/y+z',
      '93': 'ab!1',
    });
  });

  it('tolerates a leading GS (FNC1 in first position) and a GS after a fixed field', () => {
    expect(elementsToRecord(parsed(`${GS}0104601234567893${GS}17250131`))).toEqual({ '01': '04601234567893', '17': '250131' });
  });

  it.each([
    ['0104601234567894', /контрольная цифра/],
    ['01046012345678', /обрывается/],
    ['0104601234567893052', /Неизвестный идентификатор/],
    ['0104601234567893172513', /обрывается/],
    ['010460123456789317991332', /Неверная дата/],
    [`0104601234567893${'21'}${'A'.repeat(21)}`, /длиннее 20/],
    ['010460123456789321ab cd', /Недопустимый символ «\s»/],
    ['010460123456789321абв', /Недопустимый символ «а»/],
    ['0104601234567893310300050A', /только цифры/],
    [`0104601234567893${GS}0104601234567893`, /дважды/],
    [`0104601234567893${'21'}${GS}`, /Пустое значение/],
    ['', /ни одного поля/],
    ['70032501011260', /Неверные дата и время/],
  ])('explains in Russian why %j is invalid', (data, message) => {
    expect(problem(data)).toMatch(message);
  });
});

describe('formatGs1', () => {
  it('puts GS after variable and non-predefined fields except the last, and nowhere else', () => {
    const elements = parsed(`0104601234567893${GS}10LOT${GS}17250131${GS}8005000990${GS}3103000500${GS}21SER`);
    expect(formatGs1(elements)).toBe(`010460123456789310LOT${GS}172501318005000990${GS}310300050021SER`);
    expect(formatGs1Human(elements)).toBe('(01)04601234567893(10)LOT(17)250131(8005)000990(3103)000500(21)SER');
  });

  it('round-trips: parse(format(x)) gives the same elements', () => {
    const elements = parsed(`0104601234567893215w9EJp${GS}93abc1${GS}3103000500`);
    expect(parsed(formatGs1(elements))).toEqual(elements);
  });
});

describe('GS1 values', () => {
  it('picks the century within −49…+50 years of now (GS1 §7.12)', () => {
    expect(gs1FullYear(26, 2026)).toBe(2026);
    expect(gs1FullYear(76, 2026)).toBe(2076);
    expect(gs1FullYear(77, 2026)).toBe(1977);
    expect(gs1FullYear(99, 2026)).toBe(1999);
    expect(gs1FullYear(10, 2090)).toBe(2110);
  });

  it('reads DD = 00 as "month only" and gives the month\'s last day', () => {
    expect(parseGs1Date('250100', now)).toEqual({ iso: '2025-01-31', isMonthOnly: true });
    expect(parseGs1Date('240200', now)).toEqual({ iso: '2024-02-29', isMonthOnly: true });
    expect(parseGs1Date('250228', now)).toEqual({ iso: '2025-02-28', isMonthOnly: false });
    expect(parseGs1Date('250229', now)).toBeNull();
    expect(parseGs1Date('251301', now)).toBeNull();
    expect(parseGs1DateTime('2512311830', now)).toBe('2025-12-31T18:30');
    expect(parseGs1DateTime('2512002359', now)).toBeNull();
  });

  it('scales 310n weights to grams and 392n prices to kopecks', () => {
    expect(scaleDecimal('000500', 3, 3)).toBe(500);
    expect(scaleDecimal('000125', 2, 3)).toBe(1250);
    expect(scaleDecimal('012345', 5, 3)).toBe(123);
    expect(scaleDecimal('000002', 0, 3)).toBe(2000);
    const facts = gs1Facts(parsed(`0104601234567893310200125039221299${'0'}${GS}17250100`), now);
    expect(facts).toEqual({ dates: { '17': '2025-01-31' }, weightGrams: 12500, priceKopecks: 12990, monthOnlyDates: ['17'] });
  });
});
