import { describe, expect, it } from 'vitest';
import { emailFrom1C, formatPhone, normalizeEmail, normalizePhone, phoneFrom1C } from './contacts';

describe('normalizePhone', () => {
  it('brings every usual Russian and Kazakh spelling to +7XXXXXXXXXX', () => {
    const spellings = ['+7 916 123-45-67', '8 (916) 123-45-67', '89161234567', '7-916-123-45-67', '+7(916)1234567', '916 123 45 67', ' +7\u00a0916\u00a0123\u00a045\u00a067 ', '8.916.123.45.67'];
    for (const s of spellings) expect(normalizePhone(s), s).toEqual({ value: '+79161234567' });
    expect(normalizePhone('8 (727) 250-10-20')).toEqual({ value: '+77272501020' });
  });

  it('refuses other countries, wrong lengths, letters and extensions with a hint', () => {
    expect(normalizePhone('+49 30 1234567')).toHaveProperty('error', expect.stringMatching(/начинаются с \+7/));
    expect(normalizePhone('8 916 123-45-6')).toHaveProperty('error', expect.stringMatching(/полностью/));
    expect(normalizePhone('812 123-45-67')).toHaveProperty('error', expect.stringMatching(/полностью/));
    expect(normalizePhone('8 812 123-45-67')).toEqual({ value: '+78121234567' });
    expect(normalizePhone('916-123-45')).toHaveProperty('error', expect.stringMatching(/нужно 11/));
    expect(normalizePhone('+7 916 123-45-67 доб. 12')).toHaveProperty('error', expect.stringMatching(/только цифры/));
    expect(normalizePhone('+7 916 ABC-45-67')).toHaveProperty('error', expect.stringMatching(/только цифры/));
    expect(normalizePhone('9 916 123 45 67')).toHaveProperty('error');
  });

  it('formats for 1C and reads 1C\'s forms back; an unusual one from 1C is kept, not dropped', () => {
    expect(formatPhone('+79161234567')).toBe('+7 (916) 123-45-67');
    expect(phoneFrom1C('+7 (916) 123-45-67')).toBe('+79161234567');
    expect(phoneFrom1C('  +44 20 7946 0958 ')).toBe('+44 20 7946 0958');
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases the domain only', () => {
    expect(normalizeEmail('  Ivan.Petrov@Mail.RU ')).toEqual({ value: 'Ivan.Petrov@mail.ru' });
    expect(normalizeEmail('shop+orders@Пример.РФ')).toEqual({ value: 'shop+orders@пример.рф' });
    expect(normalizeEmail('a_b-c@sub.domain.kz')).toEqual({ value: 'a_b-c@sub.domain.kz' });
  });

  it('refuses what is not an address, saying what is wrong', () => {
    for (const [bad, hint] of [
      ['ivanov.mail.ru', /один знак @/],
      ['ivanov@@mail.ru', /один знак @/],
      ['@mail.ru', /один знак @/],
      ['iva nov@mail.ru', /без пробелов/],
      ['ivanov.@mail.ru', /точки/],
      ['ivanov@mail', /домен вида/],
      ['ivanov@mail..ru', /двойных точек/],
      ['ivanov@mail.r', /заканчивается/],
      ['ivanov@mail.123', /заканчивается/],
    ] as const) {
      expect(normalizeEmail(bad), bad).toHaveProperty('error', expect.stringMatching(hint));
    }
    expect(emailFrom1C(' не почта ')).toBe('не почта');
  });
});
