import { describe, expect, it } from 'vitest';
import { hasCyrillic, isTypedUnderRussianLayout, russianLayoutToLatin } from './keyboard-layout';

describe('russianLayoutToLatin', () => {
  it('undoes the design doc examples (§3.2)', () => {
    expect(russianLayoutToLatin('0104601234567893215ц9УОз')).toBe('0104601234567893215w9EJp');
    expect(russianLayoutToLatin('93фис1')).toBe('93abc1');
    expect(russianLayoutToLatin('П+ьпыРцБВшДТ_')).toBe('G+mgsHw<DiLN_');
    expect(russianLayoutToLatin('УУ05')).toBe('EE05');
    expect(russianLayoutToLatin('ыЩу6ан7дЗЕ8')).toBe('sOe6fy7lPT8');
    expect(russianLayoutToLatin('?АМПЕ')).toBe('&FVGT');
    expect(russianLayoutToLatin('45.Б7?*')).toBe('45/<7&*');
  });

  it('maps every symbol remap the design doc lists', () => {
    // sent → typed: < Б, > Ю, , б, . ю, / ., ? ,, ; ж, : Ж, ' э, " Э, [ х, ] ъ, & ?, ^ :, $ ;, # №, @ "
    const typed = 'БЮбю.,жЖэЭхъ?:;№"';
    expect(russianLayoutToLatin(typed)).toBe('<>,./?;:\'"[]&^$#@');
  });

  it('maps the whole alphabet, both cases, and leaves shared keys alone', () => {
    expect(russianLayoutToLatin('йцукенгшщзфывапролдячсмить')).toBe('qwertyuiopasdfghjklzxcvbnm');
    expect(russianLayoutToLatin('ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ')).toBe('QWERTYUIOPASDFGHJKLZXCVBNM');
    expect(russianLayoutToLatin('0123456789!%*()-_=+')).toBe('0123456789!%*()-_=+');
  });

  it('detects Cyrillic', () => {
    expect(hasCyrillic('5w9EJp')).toBe(false);
    expect(hasCyrillic('5ц9')).toBe(true);
    expect(hasCyrillic('№')).toBe(true);
  });

  it('takes only Cyrillic without any Latin letter as typed under the Russian layout', () => {
    expect(isTypedUnderRussianLayout('ъв20104601234567893215ц9УОз')).toBe(true);
    expect(isTypedUnderRussianLayout(']Q1https://пример.рф')).toBe(false);
    expect(isTypedUnderRussianLayout('Товар ABC')).toBe(false);
    expect(isTypedUnderRussianLayout('4601234567893')).toBe(false);
  });
});
