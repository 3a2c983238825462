import { describe, expect, it } from 'vitest';
import { GS } from './gs1-ai';
import { analyseMarkingCode, looksLikeMarkingCode, matchMarkingGroups, parseTobaccoPack } from './marking-code';
import { defaultMarkingGroups, type MarkingGroup } from './marking-groups';
import { parseScan } from './scan-parse';

const now = Date.UTC(2026, 0, 15);

// Design doc §3.2/§3.4: the dairy example [H4], byte for byte as a serial scanner sends it (GS intact, CR LF suffix).
const dairyBytes = Buffer.from('30 31 30 34 36 30 31 32 33 34 35 36 37 38 39 33 32 31 35 77 39 45 4a 70 1d 39 33 61 62 63 31 0d 0a'.replaceAll(' ', ''), 'hex');
const dairy = `0104601234567893215w9EJp${GS}93abc1`;
const dairyTypedRussian = `0104601234567893215ц9УОз${GS}93фис1`;

// Design doc §3.2: the shoe example [H5] gives the serial, the key id and fragments of the 44-character
// crypto tail ("sOe6fy7lPT8...&FVGT...45/<7&*"). The gaps are filled with digits, which every layout
// leaves alone, so the Russian-layout form below is exactly the doc's typed example around them.
const shoeSerial = 'G+mgsHw<DiLN_';
const shoeCrypto = `sOe6fy7lPT8${'0123456789'}&FVGT${'01234567890'}45/<7&*`;
const shoeCryptoTypedRussian = `ыЩу6ан7дЗЕ8${'0123456789'}?АМПЕ${'01234567890'}45.Б7?*`;
const shoe = `010460123456789321${shoeSerial}${GS}91EE05${GS}92${shoeCrypto}`;
const shoeTypedRussian = `010460123456789321П+ьпыРцБВшДТ_${GS}91УУ05${GS}92${shoeCryptoTypedRussian}`;

describe('marking codes from the design doc', () => {
  it('the crypto tail used here is the 44 characters 92 needs', () => {
    expect(shoeCrypto).toHaveLength(44);
  });

  it.each([
    ['the dairy code as serial bytes', dairyBytes],
    ['the dairy code as text', dairy],
    ['the dairy code with GS lost', dairy.replace(GS, '')],
    ['the dairy code typed under the Russian layout', dairyTypedRussian],
    ['the dairy code typed under the Russian layout with GS lost', dairyTypedRussian.replace(GS, '')],
    ['the dairy code with ]d2 and GS lost, under the Russian layout', `ъв2${dairyTypedRussian.replace(GS, '')}`],
  ])('reads %s as 01 + 21 (6) + 93 (4), dairy', (_name, input) => {
    const scan = parseScan(input, { now });
    expect(scan.error).toBeNull();
    expect(scan.format).toBe('marking');
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': '5w9EJp', '93': 'abc1' });
    expect(scan.canonical).toBe(dairy);
    expect(scan.gtin).toBe('04601234567893');
    expect(scan.marking?.groups.map((g) => g.id)).toEqual(['dairy']);
    expect(scan.marking?.serial).toBe('5w9EJp');
  });

  it('says "ok" with GS present, "restored" with a warning when GS was lost', () => {
    expect(parseScan(dairy, { now })).toMatchObject({ marking: { status: 'ok', message: null }, warnings: [] });
    const lost = parseScan(dairy.replace(GS, ''), { now });
    expect(lost.marking?.status).toBe('restored');
    expect(lost.warnings).toEqual([expect.stringMatching(/разделители GS \(0x1D\).*восстановлены.*Молочная продукция/)]);
  });

  it('warns when it maps the Russian layout back', () => {
    const scan = parseScan(dairyTypedRussian, { now });
    expect(scan.marking?.status).toBe('ok');
    expect(scan.warnings).toEqual([expect.stringMatching(/русской раскладке.*ЙЦУКЕН → QWERTY/)]);
  });

  it.each([
    ['with GS', shoe, 'ok'],
    ['with GS lost', shoe.replaceAll(GS, ''), 'restored'],
    ['with only the first GS', `010460123456789321${shoeSerial}${GS}91EE0592${shoeCrypto}`, 'restored'],
    ['with only the second GS', `010460123456789321${shoeSerial}91EE05${GS}92${shoeCrypto}`, 'restored'],
    ['typed under the Russian layout', shoeTypedRussian, 'ok'],
    ['typed under the Russian layout with GS lost', shoeTypedRussian.replaceAll(GS, ''), 'restored'],
  ])('reads the shoe code %s as 01 + 21 (13) + 91 (4) + 92 (44)', (_name, input, status) => {
    const scan = parseScan(input, { now });
    expect(scan.error).toBeNull();
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': shoeSerial, '91': 'EE05', '92': shoeCrypto });
    expect(scan.canonical).toBe(shoe);
    expect(scan.marking?.status).toBe(status);
    expect(scan.marking?.groups.map((g) => g.id)).toEqual(['full']);
  });

  it('accepts the 88-character footwear tail', () => {
    const long = `${shoeCrypto}${shoeCrypto}`;
    const scan = parseScan(`010460123456789321${shoeSerial}91EE0592${long}`, { now });
    expect(scan.fields?.['92']).toBe(long);
    expect(scan.marking?.status).toBe('restored');
  });
});

describe('restoring GS from field lengths', () => {
  it('reads a water code (serial 13 + 93)', () => {
    const scan = parseScan('010460123456789321ABCDEFGHIJKLM93Zx!9', { now });
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': 'ABCDEFGHIJKLM', '93': 'Zx!9' });
    expect(scan.marking?.groups.map((g) => g.id)).toEqual(['short']);
  });

  it('reads dairy with expiry and net weight in any order', () => {
    const scan = parseScan('0104601234567893215w9EJp93abc1310300050017260300', { now });
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': '5w9EJp', '93': 'abc1', '3103': '000500', '17': '260300' });
    expect(scan.weightGrams).toBe(500);
    expect(scan.dates).toEqual({ '17': '2026-03-31' });
    expect(scan.canonical).toBe(`0104601234567893215w9EJp${GS}93abc1${GS}310300050017260300`);
  });

  it('reads a cigarette block (serial 7 + 8005 + 93; an assumption, see marking-groups.ts)', () => {
    const scan = parseScan('010460123456789321ABC-d!?8005012345' + '93wxyz', { now });
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': 'ABC-d!?', '8005': '012345', '93': 'wxyz' });
    expect(scan.canonical).toBe(`010460123456789321ABC-d!?${GS}8005012345${GS}93wxyz`);
  });

  it('flags a code two readings fit as ambiguous, with a Russian message and both candidates', () => {
    const groups: MarkingGroup[] = [
      { id: 'a', name: 'Группа А', serialLengths: [6], verification: [[{ ai: '93', lengths: [4] }]], optional: [], source: 'test' },
      { id: 'b', name: 'Группа Б', serialLengths: [8], verification: [[{ ai: '93', lengths: [2] }]], optional: [], source: 'test' },
    ];
    const scan = parseScan('010460123456789321ABCDEF9393ab', { now, markingGroups: groups });
    expect(scan.error).toBeNull();
    expect(scan.marking).toMatchObject({ status: 'ambiguous', serial: null });
    expect(scan.marking?.candidates).toEqual([`010460123456789321ABCDEF${GS}9393ab`, `010460123456789321ABCDEF93${GS}93ab`]);
    expect(scan.marking?.message).toMatch(/нельзя прочитать однозначно.*«Группа А», «Группа Б».*Настройте сканер/);
    expect(scan.warnings).toContain(scan.marking?.message);
    // The product is still known by its GTIN; the canonical code is the input, not a guess.
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': 'ABCDEF9393ab' });
    expect(scan.canonical).toBe('010460123456789321ABCDEF9393ab');
  });

  it('flags a damaged code that no group fits as unrestorable, in Russian', () => {
    const scan = parseScan(`010460123456789321${shoeSerial}91EE0592${shoeCrypto.slice(1)}`, { now });
    expect(scan.marking?.status).toBe('unrestorable');
    expect(scan.marking?.message).toMatch(/^Код маркировки повреждён или сканер потерял разделители GS \(0x1D\).*отсканируйте код ещё раз\.$/);
    expect(scan.fields).toEqual({ '01': '04601234567893' });
    expect(scan.gtin).toBe('04601234567893');
  });

  it('rejects a marking code whose GTIN check digit is wrong', () => {
    const scan = parseScan('0104601234567894215w9EJp93abc1', { now });
    expect(scan.format).toBeNull();
    expect(scan.error).toMatch(/Неверная контрольная цифра GTIN/);
  });

  it('keeps a GS1 code with a serial and no verification part as plain GS1', () => {
    const scan = parseScan('010460123456789321SER-0042', { now });
    expect(scan.format).toBe('gs1');
    expect(scan.marking).toBeNull();
  });

  it('reports a well-formed code with 91/92/93 that fits no group as unknown structure', () => {
    const scan = parseScan(`010460123456789321SER-0042${GS}93abcdef`, { now });
    expect(scan.marking?.status).toBe('unknown-structure');
    expect(scan.fields).toEqual({ '01': '04601234567893', '21': 'SER-0042', '93': 'abcdef' });
  });

  it('never restores across a GS that is present: GS must fall between fields', () => {
    // GS inside what would be the 6-character dairy serial.
    const scan = parseScan(`0104601234567893215w9${GS}EJp93abc1`, { now });
    expect(scan.marking?.status).not.toBe('restored');
  });
});

describe('matchMarkingGroups / analyseMarkingCode', () => {
  it('needs 01 then 21 first', () => {
    expect(matchMarkingGroups([{ ai: '21', value: '5w9EJp', title: '' }], defaultMarkingGroups)).toEqual([]);
    expect(looksLikeMarkingCode('0104601234567893215w9')).toBe(true);
    expect(looksLikeMarkingCode(`${GS}0104601234567893${GS}215w9`)).toBe(true);
    expect(looksLikeMarkingCode('0104601234567893105w9')).toBe(false);
  });

  it('prefers the code as sent when it fits a group', () => {
    expect(analyseMarkingCode(dairy, defaultMarkingGroups, now)).toMatchObject({ kind: 'marking', marking: { status: 'ok' } });
  });
});

describe('parseTobaccoPack', () => {
  it('reads the 29-character pack code (14 + 7 + 4 + 4)', () => {
    // The Uzbek operator's published example (help.crpt-turon.uz).
    expect(parseTobaccoPack('04780101164394TF&csaNNW1kK0tL')).toEqual({ gtin: '04780101164394', serial: 'TF&csaN', mrp: 'NW1k', verification: 'K0tL' });
    expect(parseTobaccoPack('04780101164395TF&csaNNW1kK0tL')).toBeNull();
    expect(parseTobaccoPack('04780101164394TF&csaNNW1kK0t')).toBeNull();
  });

  it('is recognised by parseScan, and its GTIN-14 is the pack EAN', () => {
    const scan = parseScan('04780101164394TF&csaNNW1kK0tL', { now });
    expect(scan).toMatchObject({ format: 'tobacco-pack', gtin: '04780101164394', fields: { '01': '04780101164394', '21': 'TF&csaN' } });
  });
});
