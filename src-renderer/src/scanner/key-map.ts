// A keyboard-wedge scanner sends key positions (USB HID usages), not characters. The OS layout turns
// them into characters, and with the Russian ЙЦУКЕН layout "w" arrives as "ц" (design doc §3.2).
// KeyboardEvent.code names the physical key whatever the layout, so the scan is rebuilt from code
// plus Shift as the US layout (the one scanners are programmed for) would type it.

/** The group separator (FNC1 on the wire) that GS1 and Честный знак codes need between fields. */
export const GS = '\u001d';

/** What the group separator looks like on screen: U+241D SYMBOL FOR GROUP SEPARATOR. */
export const GS_SYMBOL = '\u241d';

const unshifted: Readonly<Record<string, string>> = {
  Digit0: '0',
  Digit1: '1',
  Digit2: '2',
  Digit3: '3',
  Digit4: '4',
  Digit5: '5',
  Digit6: '6',
  Digit7: '7',
  Digit8: '8',
  Digit9: '9',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backslash: '\\',
  Backquote: '`',
  Space: ' ',
};

const shifted: Readonly<Record<string, string>> = {
  Digit0: ')',
  Digit1: '!',
  Digit2: '@',
  Digit3: '#',
  Digit4: '$',
  Digit5: '%',
  Digit6: '^',
  Digit7: '&',
  Digit8: '*',
  Digit9: '(',
  Minus: '_',
  Equal: '+',
  BracketLeft: '{',
  BracketRight: '}',
  Semicolon: ':',
  Quote: '"',
  Comma: '<',
  Period: '>',
  Slash: '?',
  Backslash: '|',
  Backquote: '~',
  Space: ' ',
};

// The numeric keypad types the same with or without Shift as far as scanners are concerned
// (they send digits with NumLock on; Alt+numpad sequences are handled separately).
const numpad: Readonly<Record<string, string>> = {
  Numpad0: '0',
  Numpad1: '1',
  Numpad2: '2',
  Numpad3: '3',
  Numpad4: '4',
  Numpad5: '5',
  Numpad6: '6',
  Numpad7: '7',
  Numpad8: '8',
  Numpad9: '9',
  NumpadDecimal: '.',
  NumpadAdd: '+',
  NumpadSubtract: '-',
  NumpadMultiply: '*',
  NumpadDivide: '/',
};

const letterCode = /^Key([A-Z])$/;

/**
 * The character the US layout types for a physical key, or null when the key types nothing
 * (Enter, Tab, arrows, modifiers, function keys). Ignores Caps Lock on purpose: scanners send
 * Shift for capitals, and Caps Lock left on by a person must not flip a marking code's case.
 */
export function usCharForCode(code: string, isShift: boolean): string | null {
  const letter = letterCode.exec(code);
  if (letter?.[1]) return isShift ? letter[1] : letter[1].toLowerCase();
  const fromNumpad = numpad[code];
  if (fromNumpad !== undefined) return fromNumpad;
  return (isShift ? shifted[code] : unshifted[code]) ?? null;
}

const numpadDigit = /^Numpad([0-9])$/;

/** The digit of a numeric-keypad key (for Alt+0029), or null. */
export function numpadDigitOf(code: string): string | null {
  return numpadDigit.exec(code)?.[1] ?? null;
}

const modifierCodes = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Fn',
]);

/** Keys that only change the meaning of others: pressing one neither types nor ends a scan. */
export function isModifierCode(code: string): boolean {
  return modifierCodes.has(code);
}

/** The code as a person reads it: GS shown as ␝, other control characters as U+2400 pictures. */
export function showControlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f]/g, (char) => String.fromCharCode(0x2400 + char.charCodeAt(0)));
}
