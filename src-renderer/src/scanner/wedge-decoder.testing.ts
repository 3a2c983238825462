// Key events as a keyboard-wedge scanner produces them, for the decoder's unit tests: the scanner
// sends US key positions; the OS layout decides `key`. Exported for testing only.
import { type WedgeKeyEvent } from './wedge-decoder';
import { usCharForCode } from './key-map';

const allCodes = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => `Key${l}`),
  ...'0123456789'.split('').map((d) => `Digit${d}`),
  'Minus',
  'Equal',
  'BracketLeft',
  'BracketRight',
  'Semicolon',
  'Quote',
  'Comma',
  'Period',
  'Slash',
  'Backslash',
  'Backquote',
  'Space',
];

/** US character → the key and Shift state that type it. */
const usKeys = new Map<string, { code: string; isShift: boolean }>();
for (const code of allCodes) {
  for (const isShift of [false, true]) {
    const char = usCharForCode(code, isShift);
    if (char !== null && !usKeys.has(char)) usKeys.set(char, { code, isShift });
  }
}

// The Windows «Русская» layout, by key: unshifted and shifted characters.
const ruLower = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const ruUpper = 'ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ';
const usLower = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const ruByCode = new Map<string, [string, string]>();
for (let i = 0; i < usLower.length; i += 1) {
  const key = usKeys.get(usLower.charAt(i));
  if (key) ruByCode.set(key.code, [ruLower.charAt(i), ruUpper.charAt(i)]);
}
for (const [code, plain, shifted] of [
  ['Digit1', '1', '!'],
  ['Digit2', '2', '"'],
  ['Digit3', '3', '№'],
  ['Digit4', '4', ';'],
  ['Digit5', '5', '%'],
  ['Digit6', '6', ':'],
  ['Digit7', '7', '?'],
  ['Digit8', '8', '*'],
  ['Digit9', '9', '('],
  ['Digit0', '0', ')'],
  ['Minus', '-', '_'],
  ['Equal', '=', '+'],
  ['Slash', '.', ','],
  ['Backslash', '\\', '/'],
  ['Space', ' ', ' '],
] as const) {
  ruByCode.set(code, [plain, shifted]);
}

export type Layout = 'us' | 'ru';

/** What the layout types for a key. */
export function layoutKey(layout: Layout, code: string, isShift: boolean): string {
  if (layout === 'ru') {
    const ru = ruByCode.get(code);
    if (ru) return isShift ? ru[1] : ru[0];
  }
  return usCharForCode(code, isShift) ?? 'Unidentified';
}

type Modifiers = Partial<Pick<WedgeKeyEvent, 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey' | 'repeat'>>;

export function keyEvent(type: WedgeKeyEvent['type'], code: string, key: string, timeStamp: number, modifiers: Modifiers = {}): WedgeKeyEvent {
  return { type, code, key, timeStamp, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, repeat: false, ...modifiers };
}

export type GsMode = 'ctrl' | 'alt';

/**
 * The keydown/keyup events of a scan of `text` (GS as \u001d) under `layout`, one character every
 * `gapMs` starting at `startAt`; `suffix` Enter adds the Enter key. GS becomes Ctrl+] or Alt+0029.
 */
export function scanEvents(
  text: string,
  options: { layout: Layout; gapMs: number | ((index: number) => number); startAt?: number; gsMode?: GsMode; suffix?: 'enter' | 'tab' | 'none' },
): WedgeKeyEvent[] {
  const events: WedgeKeyEvent[] = [];
  let at = options.startAt ?? 1000;
  const gap = typeof options.gapMs === 'number' ? () => options.gapMs as number : options.gapMs;
  let index = 0;
  const step = (): number => {
    const current = at;
    at += gap(index);
    index += 1;
    return current;
  };
  for (const char of text) {
    if (char === '\u001d') {
      if (options.gsMode === 'alt') {
        const t = step();
        events.push(keyEvent('keydown', 'AltLeft', 'Alt', t, { altKey: true }));
        for (const digit of '0029') {
          events.push(keyEvent('keydown', `Numpad${digit}`, digit, t + 0.1, { altKey: true }));
          events.push(keyEvent('keyup', `Numpad${digit}`, digit, t + 0.2, { altKey: true }));
        }
        events.push(keyEvent('keyup', 'AltLeft', 'Alt', t + 0.3));
      } else {
        const t = step();
        events.push(keyEvent('keydown', 'ControlLeft', 'Control', t - 0.1, { ctrlKey: true }));
        events.push(keyEvent('keydown', 'BracketRight', layoutKey(options.layout, 'BracketRight', false), t, { ctrlKey: true }));
        events.push(keyEvent('keyup', 'BracketRight', layoutKey(options.layout, 'BracketRight', false), t + 0.2, { ctrlKey: true }));
        events.push(keyEvent('keyup', 'ControlLeft', 'Control', t + 0.3));
      }
      continue;
    }
    const key = usKeys.get(char);
    if (!key) throw new Error(`no US key types ${JSON.stringify(char)}`);
    const t = step();
    const typed = layoutKey(options.layout, key.code, key.isShift);
    if (key.isShift) events.push(keyEvent('keydown', 'ShiftLeft', 'Shift', t - 0.1, { shiftKey: true }));
    events.push(keyEvent('keydown', key.code, typed, t, { shiftKey: key.isShift }));
    events.push(keyEvent('keyup', key.code, typed, t + 0.2, { shiftKey: key.isShift }));
    if (key.isShift) events.push(keyEvent('keyup', 'ShiftLeft', 'Shift', t + 0.3));
  }
  const suffix = options.suffix ?? 'enter';
  if (suffix !== 'none') {
    const code = suffix === 'enter' ? 'Enter' : 'Tab';
    const t = step();
    events.push(keyEvent('keydown', code, code, t));
    events.push(keyEvent('keyup', code, code, t + 0.2));
  }
  return events;
}
