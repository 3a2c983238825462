import { type CDPSession, type Page } from '@playwright/test';

// Key presses as a USB keyboard-wedge scanner makes them, with the Windows «Русская» layout active:
// the scanner sends US key positions (code), the layout decides the character (key and the typed
// text). Playwright's keyboard knows only the US layout, so the events go through the Chrome
// DevTools Protocol (Input.dispatchKeyEvent): trusted events whose default action really types the
// Cyrillic character into a focused field unless the app prevents it.

export const GS = '\u001d';

type KeyDef = { code: string; vk: number; us: [string, string]; ru: [string, string] };

const keys: KeyDef[] = [];
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// The ЙЦУКЕН letter on each Latin key, in the order of `letters`.
const ruLetters = 'фисвуапршолдьтщзйкыегмцчня';
for (let i = 0; i < letters.length; i += 1) {
  const upper = letters.charAt(i);
  const ru = ruLetters.charAt(i);
  keys.push({ code: `Key${upper}`, vk: upper.charCodeAt(0), us: [upper.toLowerCase(), upper], ru: [ru, ru.toUpperCase()] });
}
const digitShiftUs = ')!@#$%^&*(';
const digitShiftRu = ')!"№;%:?*(';
for (let d = 0; d <= 9; d += 1) {
  keys.push({ code: `Digit${d}`, vk: 48 + d, us: [String(d), digitShiftUs.charAt(d)], ru: [String(d), digitShiftRu.charAt(d)] });
}
for (const [code, vk, us, ru] of [
  ['Minus', 189, ['-', '_'], ['-', '_']],
  ['Equal', 187, ['=', '+'], ['=', '+']],
  ['BracketLeft', 219, ['[', '{'], ['х', 'Х']],
  ['BracketRight', 221, [']', '}'], ['ъ', 'Ъ']],
  ['Semicolon', 186, [';', ':'], ['ж', 'Ж']],
  ['Quote', 222, ["'", '"'], ['э', 'Э']],
  ['Comma', 188, [',', '<'], ['б', 'Б']],
  ['Period', 190, ['.', '>'], ['ю', 'Ю']],
  ['Slash', 191, ['/', '?'], ['.', ',']],
  ['Backslash', 220, ['\\', '|'], ['\\', '/']],
  ['Backquote', 192, ['`', '~'], ['ё', 'Ё']],
  ['Space', 32, [' ', ' '], [' ', ' ']],
] as const) {
  keys.push({ code, vk, us: [us[0], us[1]], ru: [ru[0], ru[1]] });
}

/** US character → the key and Shift state a scanner presses for it. */
const byUsChar = new Map<string, { key: KeyDef; isShift: boolean }>();
for (const key of keys) {
  for (const isShift of [false, true]) {
    const char = key.us[isShift ? 1 : 0];
    if (!byUsChar.has(char)) byUsChar.set(char, { key, isShift });
  }
}
const byCode = new Map(keys.map((key) => [key.code, key]));

export type Layout = 'ru' | 'us';

const modifierBits = { alt: 1, ctrl: 2, shift: 8 } as const;

export type TypeOptions = {
  layout?: Layout;
  /** Pause between characters (ms); the CDP round trip itself adds about a millisecond. */
  gapMs: number;
  /** Enter after the text, as most scanners send (default true). GS is always sent as Ctrl+]. */
  isEnterAfter?: boolean;
};

/** Drives the page's keyboard at the key-event level. */
export class WedgeKeyboard {
  private session: CDPSession | null = null;

  constructor(readonly page: Page) {}

  /** Whether every character of `text` is on a US keyboard (or is GS). */
  static canType(text: string): boolean {
    return [...text].every((char) => char === GS || byUsChar.has(char));
  }

  private async cdp(): Promise<CDPSession> {
    this.session ??= await this.page.context().newCDPSession(this.page);
    return this.session;
  }

  /**
   * Sends one key event without waiting for the page to handle it, as a USB keyboard does: the
   * browser stamps it on arrival and queues it while the page is busy. (Awaiting each event would
   * wait for the page's answer and stretch the gaps whenever the page renders something.)
   */
  private key(session: CDPSession, type: 'keyDown' | 'rawKeyDown' | 'keyUp', params: Record<string, unknown>): Promise<unknown> {
    const at = this.stampAt === null ? {} : { timestamp: this.stampAt / 1000 };
    return session.send('Input.dispatchKeyEvent', { type, ...params, ...at } as never);
  }

  /** Epoch ms the next events are stamped with (their KeyboardEvent.timeStamp); null: the browser stamps them on arrival. */
  private stampAt: number | null = null;

  /** When the last key event was sent (epoch ms). */
  private lastSentAt = 0;

  /** The events of one key press and release; `text` is what the layout types (none for Ctrl combinations). */
  private press(session: CDPSession, code: string, key: string, vk: number, options: { modifiers?: number; text?: string } = {}): Promise<unknown>[] {
    const modifiers = options.modifiers ?? 0;
    const text = options.text ?? '';
    return [
      this.key(session, text === '' ? 'rawKeyDown' : 'keyDown', { code, key, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, modifiers, text, unmodifiedText: text }),
      this.key(session, 'keyUp', { code, key, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, modifiers }),
    ];
  }

  private modifier(session: CDPSession, name: 'Shift' | 'Control', isDown: boolean, modifiers: number): Promise<unknown> {
    const code = name === 'Shift' ? 'ShiftLeft' : 'ControlLeft';
    const vk = name === 'Shift' ? 16 : 17;
    return this.key(session, isDown ? 'rawKeyDown' : 'keyUp', { code, key: name, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk, modifiers, location: 1 });
  }

  /** One character as the scanner sends it: Shift when the US layout needs it, GS as Ctrl+]. */
  private typeChar(session: CDPSession, char: string, layout: Layout): Promise<unknown>[] {
    if (char === GS) {
      const bracket = byCode.get('BracketRight');
      if (!bracket) throw new Error('no BracketRight key');
      return [
        this.modifier(session, 'Control', true, modifierBits.ctrl),
        ...this.press(session, 'BracketRight', layout === 'ru' ? bracket.ru[0] : bracket.us[0], bracket.vk, { modifiers: modifierBits.ctrl }),
        this.modifier(session, 'Control', false, 0),
      ];
    }
    const found = byUsChar.get(char);
    if (!found) throw new Error(`no US key types ${JSON.stringify(char)}`);
    const { key, isShift } = found;
    const typed = key[layout][isShift ? 1 : 0];
    const pressed = this.press(session, key.code, typed, key.vk, { modifiers: isShift ? modifierBits.shift : 0, text: typed });
    if (!isShift) return pressed;
    return [this.modifier(session, 'Shift', true, modifierBits.shift), ...pressed, this.modifier(session, 'Shift', false, 0)];
  }

  /**
   * Types `text` (US characters, GS as \u001d) one character every `gapMs`, then Enter unless told
   * otherwise; the pause is measured from the start of one key press to the next. Resolves when
   * the page has handled every event.
   */
  async type(text: string, options: TypeOptions): Promise<void> {
    const session = await this.cdp();
    const layout = options.layout ?? 'ru';
    const sent: Promise<unknown>[] = [];
    let next = Date.now();
    for (const char of text) {
      await sleepUntil(next);
      next = Date.now() + options.gapMs;
      sent.push(...this.typeChar(session, char, layout));
    }
    if (options.isEnterAfter ?? true) {
      await sleepUntil(next);
      sent.push(...this.press(session, 'Enter', 'Enter', 13, { text: '\r' }));
    }
    this.lastSentAt = Date.now();
    await Promise.all(sent);
  }

  /**
   * A scanner's burst: the code with `gapMs` (5–10 ms) between key presses, then Enter.
   *
   * Every event carries the time a USB keyboard would give it (KeyboardEvent.timeStamp: one key
   * every `gapMs`), and the characters are sent in one go rather than one sleep apart: pacing sends
   * to the millisecond measures this machine's timer jitter instead (with two test workers on two
   * cores the sending side alone stalls for up to 100 ms), which is no scanner anyone owns. The
   * page judges gaps by timeStamp, as with real hardware. The characters' times end about when they
   * have all reached the page; Enter follows once they have, stamped with the moment it is sent, so
   * scan-to-render starts when the page could first know the scan was complete. If the characters
   * were late, Enter keeps its planned time to stay within the burst (scan-to-render then errs on
   * the slow side). A scan never starts sooner than `humanPauseMs` after the last key this keyboard
   * sent: nobody types a digit and fires a scanner within the same 35 ms.
   */
  async scan(code: string, options: { layout?: Layout; gapMs?: number } = {}): Promise<void> {
    const session = await this.cdp();
    const layout = options.layout ?? 'ru';
    const gapMs = options.gapMs ?? 6;
    const chars = [...code];
    const spanMs = (chars.length - 1) * gapMs;
    // About how long the browser takes to take in the characters' events.
    const deliveryMs = 25 + chars.length;
    await sleepUntil(this.lastSentAt + humanPauseMs + spanMs - deliveryMs);
    const lastCharAt = Date.now() + deliveryMs;
    const sent: Promise<unknown>[] = [];
    chars.forEach((char, index) => {
      this.stampAt = lastCharAt - spanMs + index * gapMs;
      sent.push(...this.typeChar(session, char, layout));
    });
    this.stampAt = null;
    await Promise.all(sent);
    const enterAt = lastCharAt + gapMs;
    await sleepUntil(enterAt);
    const now = Date.now();
    this.stampAt = now - enterAt <= gapMs ? now : enterAt;
    const enter = this.press(session, 'Enter', 'Enter', 13, { text: '\r' });
    this.stampAt = null;
    this.lastSentAt = Date.now();
    await Promise.all(enter);
  }

  async dispose(): Promise<void> {
    await this.session?.detach().catch(() => undefined);
    this.session = null;
  }
}

/** The least time between a person's last key and a scan (reaching for the scanner). */
const humanPauseMs = 150;

async function sleepUntil(at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** What the Russian layout makes of US text: "5w9EJp" → "5ц9УОз" (for assertions about what must not appear). */
export function asTypedInRussian(text: string): string {
  let out = '';
  for (const char of text) {
    const found = byUsChar.get(char);
    out += found ? found.key.ru[found.isShift ? 1 : 0] : char;
  }
  return out;
}
