// Phone numbers and e-mail addresses as the counter types them and as 1C shows them, brought to one
// form so the same person is recognised whatever the spelling: phones to +7XXXXXXXXXX (Russia and
// Kazakhstan share country code 7), e-mail trimmed with the domain in lower case (the part before @
// may be case-sensitive by RFC 5321, so it is kept as typed).

export type Normalized = { value: string } | { error: string };

/** Separators people put in phone numbers: spaces (also non-breaking), dashes, brackets, dots. */
const phoneSeparators = /[\s\u00a0\-–—().]/g;

/**
 * +7 916 123-45-67, 8 (916) 123-45-67, 7-916-123-45-67, 9161234567 → +79161234567 (ten digits without
 * a prefix only when they do not start with 8). Anything else
 * (another country code, too few or too many digits, letters, an extension) is an error in words.
 */
export function normalizePhone(input: string): Normalized {
  const compact = input.trim().replace(phoneSeparators, '');
  if (compact === '') return { error: 'Телефон пуст' };
  const digits = compact.startsWith('+') ? compact.slice(1) : compact;
  if (!/^\d+$/.test(digits)) return { error: 'Телефон: только цифры, пробелы, скобки и дефисы, например +7 916 123-45-67 или 8 (727) 123-45-67' };
  let national: string | null = null;
  if (compact.startsWith('+')) {
    if (digits.length === 11 && digits.startsWith('7')) national = digits.slice(1);
    else return { error: 'Телефон: поддерживаются номера России и Казахстана, они начинаются с +7 — и после +7 должно быть 10 цифр' };
  } else if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    national = digits.slice(1);
  } else if (digits.length === 10 && digits.startsWith('8')) {
    // «891612345 6» is far likelier an 8-prefixed mobile with a digit missing than a number in a
    // code 8xx typed without its prefix: ask for the whole number instead of guessing.
    return { error: 'Телефон: наберите номер полностью, с +7 или 8 в начале, например 8 812 123-45-67' };
  } else if (digits.length === 10) {
    national = digits;
  }
  if (national === null) {
    return { error: `Телефон: в номере ${digits.length} цифр, а нужно 11 (+7 или 8 и ещё 10 цифр), например +7 916 123-45-67` };
  }
  return { value: `+7${national}` };
}

/** +79161234567 → «+7 (916) 123-45-67», the way 1C's contact information shows a phone. */
export function formatPhone(normalized: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(normalized);
  return m ? `+7 (${m[1]}) ${m[2]}-${m[3]}-${m[4]}` : normalized;
}

/** A domain label: letters (any script: .рф, .қаз), digits, inner hyphens. */
const domainLabel = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
/** The part before @ as people actually use it (RFC 5322 dot-atom, without quoted forms). */
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}-]+)*$/u;

export function normalizeEmail(input: string): Normalized {
  const value = input.trim();
  if (value === '') return { error: 'Электронная почта пуста' };
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at) return { error: 'Электронная почта: нужен один знак @ между именем и доменом, например ivanov@mail.ru' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  if (local.length > 64 || !localPart.test(local)) {
    return { error: 'Электронная почта: до @ допустимы буквы, цифры, точки (не подряд и не по краям), «-», «_» и «+», без пробелов' };
  }
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((label) => domainLabel.test(label))) {
    return { error: 'Электронная почта: после @ должен быть домен вида mail.ru или почта.рф — без пробелов и двойных точек' };
  }
  const tld = labels.at(-1) ?? '';
  if (!/^(?:\p{L}{2,63}|xn--[a-z0-9-]{2,59})$/u.test(tld)) return { error: `Электронная почта: домен «${domain}» заканчивается не так, как бывает (.ru, .kz, .com…)` };
  return { value: `${local}@${domain}` };
}

/** A phone as 1C holds it, normalised when it can be, else as it is (trimmed): nothing from 1C is dropped. */
export function phoneFrom1C(value: string): string {
  const normalized = normalizePhone(value);
  return 'value' in normalized ? normalized.value : value.trim();
}

/** An e-mail as 1C holds it, normalised when it can be, else trimmed. */
export function emailFrom1C(value: string): string {
  const normalized = normalizeEmail(value);
  return 'value' in normalized ? normalized.value : value.trim();
}
