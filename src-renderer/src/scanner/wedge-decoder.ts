// Tells a keyboard-wedge scanner from a person typing, and rebuilds what the scanner sent.
//
// A scan is a burst: keys each within maxInterKeyMs of the previous one, at least minLength
// characters, ended by Enter when the station says its scanner sends one. Anything else is typing.
// Characters come from KeyboardEvent.code + Shift (key-map.ts), never from `key`, so the Russian
// layout cannot turn "5w9EJp" into "5ц9УОз". GS (0x1D) arrives as Ctrl+], as Alt+0029 on the
// numeric keypad (emitted when Alt is released), or as the configured substitute. AIM identifiers
// ("]d2") are ordinary characters here and pass through; the core strips them.
//
// Pure: no DOM, no timers, no React. The caller feeds key events with their timeStamp, calls tick()
// when deadline() passes, and acts on the verdicts (swallow a key, replay typing, undo a leaked key).
import { GS, isModifierCode, numpadDigitOf, usCharForCode } from './key-map';

/** The part of a KeyboardEvent the decoder reads; a DOM KeyboardEvent fits it. */
export type WedgeKeyEvent = {
  type: 'keydown' | 'keyup';
  code: string;
  /** What the OS layout made of the key: only replayed when the burst turns out to be typing. */
  key: string;
  /** Milliseconds on the same clock for every event (DOM: event.timeStamp, same origin as performance.now()). */
  timeStamp: number;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  repeat: boolean;
};

/** The station's calibrated thresholds (devices.settings keyboard part). */
export type WedgeSettings = {
  maxInterKeyMs: number;
  minLength: number;
  /** Characters the scanner sends instead of GS, e.g. "#"; '' = none. */
  gsSubstitute: string;
  isEnterRequired: boolean;
};

export type WedgeScan = {
  /** What the scanner sent, as ASCII, with real GS (\u001d) separators. */
  text: string;
  /** What the OS layout typed for the same keys (Cyrillic under ЙЦУКЕН): for diagnostics only. */
  typed: string;
  /** timeStamp of the burst's first key. */
  startedAt: number;
  /** timeStamp of the burst's last key (the Enter or Tab that ended it, else the last character). */
  lastKeyAt: number;
  /** The gaps the rule checked, in order: between consecutive key presses of the burst, ms. */
  intervals: number[];
  terminator: 'enter' | 'tab' | 'none';
};

/** What a finished burst was. */
export type WedgeOutput =
  /** A scan. `leaked` keys reached the focused field before the burst looked like a scan: undo them. */
  | { kind: 'scan'; scan: WedgeScan; leaked: number }
  /** Typing. `replay` is what the swallowed keys would have typed, in order: put it into the field. */
  | { kind: 'typing'; replay: string }
  /**
   * The burst that expire() gave up as typing goes on after all (the next key's timeStamp is within
   * maxInterKeyMs of its last one: the keys were only late). Put the field back as it was before
   * the burst's first key; the burst now holds all its keys back, and ends as a scan or as typing.
   */
  | { kind: 'resume' };

export type KeyVerdict = {
  /** preventDefault + stopPropagation this event. */
  isSwallowed: boolean;
  /** Bursts this event finished, oldest first; act on them before the event goes on. */
  outputs: WedgeOutput[];
};

/** What a `beforeinput` that the decoder did not cause itself means. */
export type InputVerdict = {
  /**
   * 'echo': the text of a key the decoder let through, let it be;
   * 'suppress': the OS echo of a swallowed Alt+numpad character, cancel it;
   * 'foreign': text from elsewhere (IME, paste menu, automation) — the burst was typing.
   */
  kind: 'echo' | 'suppress' | 'foreign';
  outputs: WedgeOutput[];
};

export type KeyContext = {
  /**
   * Focus is in an editable text field. Its first key passes through (no lag for a person typing a
   * quantity); from the second fast key on, keys are swallowed. Elsewhere the first key is swallowed too.
   */
  isTextTarget: boolean;
};

type BurstChar = { char: string; typed: string; isSwallowed: boolean };

type Burst = {
  chars: BurstChar[];
  startedAt: number;
  /** timeStamp of the last key press that belonged to the burst. */
  lastAt: number;
  intervals: number[];
  /** Alt is held and numpad digits are being collected (Alt+0029). */
  alt: { digits: string; isSwallowed: boolean } | null;
  /** A key of this burst reached the page (the first one, in a text field). */
  hasLeaked: boolean;
};

export type WedgeDecoder = {
  onKey: (event: WedgeKeyEvent, context: KeyContext) => KeyVerdict;
  /**
   * A `beforeinput` with this data arrived that was not caused by the caller's own replay. Its
   * timeStamp is not used: it is when the page got round to the edit, not when a key was pressed,
   * and after a busy moment it lies well behind the key's own time.
   */
  onInput: (data: string | null) => InputVerdict;
  /** Ends a burst that has been silent for longer than maxInterKeyMs (by the events' clock). */
  tick: (now: number) => WedgeOutput[];
  /**
   * Ends the open burst as silence does, whatever the events' clock says: for a caller that has
   * seen no key for a while by its own clock (see ScanCaptureProvider). Provisional when the
   * result is typing: a next key stamped within maxInterKeyMs of the burst's last one resumes it.
   */
  expire: () => WedgeOutput[];
  /** When tick() should be called next (a timeStamp), or null when no burst is open. */
  deadline: () => number | null;
  /** No burst is open: the next key starts a fresh one. */
  isIdle: () => boolean;
  setSettings: (settings: WedgeSettings) => void;
  getSettings: () => WedgeSettings;
};

function isEnterCode(code: string): boolean {
  return code === 'Enter' || code === 'NumpadEnter';
}

/** A character an Alt+numpad sequence stands for: ASCII only (GS1 data is ASCII), else U+FFFD. */
function altCodeChar(digits: string): string {
  const value = Number.parseInt(digits, 10);
  if (!Number.isInteger(value) || value <= 0 || value > 127) return '\ufffd';
  return String.fromCharCode(value);
}

function isPrintable(char: string): boolean {
  return char.length > 0 && char >= ' ' && char !== '\u007f' && char !== '\ufffd';
}

export function createWedgeDecoder(initial: WedgeSettings): WedgeDecoder {
  let settings = initial;
  let burst: Burst | null = null;
  // The burst expire() ended as typing, until the next key says whether it really was over.
  let expired: Burst | null = null;
  // The key (as the layout typed it) that was last let through; its own beforeinput is an echo.
  let passedKey: string | null = null;
  // The character of a swallowed Alt+numpad sequence; Windows may still type it after Alt is up.
  let swallowedAltChar: string | null = null;
  // Keys whose keydown was swallowed: their keyup goes too, so no handler sees half a key press.
  const heldBack = new Set<string>();

  function finish(current: Burst, terminator: WedgeScan['terminator'] | 'broken', endedAt: number): WedgeOutput {
    burst = null;
    const text = current.chars.map((c) => c.char).join('');
    const isScan =
      terminator !== 'broken' &&
      current.alt === null &&
      current.chars.length >= settings.minLength &&
      (terminator === 'enter' || !settings.isEnterRequired);
    if (!isScan) {
      return { kind: 'typing', replay: current.chars.filter((c) => c.isSwallowed).map((c) => c.typed).join('') };
    }
    const sub = settings.gsSubstitute;
    return {
      kind: 'scan',
      leaked: current.chars.filter((c) => !c.isSwallowed).length,
      scan: {
        text: sub === '' ? text : text.split(sub).join(GS),
        typed: current.chars.map((c) => c.typed).join(''),
        startedAt: current.startedAt,
        lastKeyAt: endedAt,
        intervals: current.intervals,
        terminator,
      },
    };
  }

  function tick(now: number): WedgeOutput[] {
    if (burst === null || now - burst.lastAt <= settings.maxInterKeyMs) return [];
    // Silence ended it: a scan only where no Enter is expected; a half-typed Alt code is typing.
    return [finish(burst, 'none', burst.lastAt)];
  }

  /** Adds a key press to the open burst, or opens one; returns whether the key is swallowed. */
  function press(at: number, context: KeyContext): { current: Burst; isSwallowed: boolean } {
    if (burst === null) {
      const current: Burst = { chars: [], startedAt: at, lastAt: at, intervals: [], alt: null, hasLeaked: false };
      burst = current;
      // The first key: swallowed unless a person may be typing into a field (see KeyContext).
      const isSwallowed = !context.isTextTarget;
      if (!isSwallowed) current.hasLeaked = true;
      return { current, isSwallowed };
    }
    burst.intervals.push(at - burst.lastAt);
    burst.lastAt = at;
    return { current: burst, isSwallowed: true };
  }

  function onKey(event: WedgeKeyEvent, context: KeyContext): KeyVerdict {
    const outputs = tick(event.timeStamp);
    const verdict = (isSwallowed: boolean): KeyVerdict => ({ isSwallowed, outputs });

    if (event.type === 'keyup') {
      const wasHeldBack = heldBack.delete(event.code);
      // Alt released: the numpad digits typed while it was held make one character.
      if ((event.code === 'AltLeft' || event.code === 'AltRight') && burst?.alt) {
        const { digits, isSwallowed } = burst.alt;
        burst.alt = null;
        if (digits === '') return verdict(false);
        const char = altCodeChar(digits);
        burst.chars.push({ char, typed: isPrintable(char) ? char : '', isSwallowed });
        if (isSwallowed) swallowedAltChar = char;
        else passedKey = char;
        return verdict(isSwallowed);
      }
      return verdict(wasHeldBack);
    }

    const keyVerdict = onKeyDown(event, context, outputs);
    if (keyVerdict.isSwallowed) heldBack.add(event.code);
    return keyVerdict;
  }

  function onKeyDown(event: WedgeKeyEvent, context: KeyContext, outputs: WedgeOutput[]): KeyVerdict {
    const verdict = (isSwallowed: boolean): KeyVerdict => ({ isSwallowed, outputs });
    const endAsTyping = (): KeyVerdict => {
      if (burst !== null) outputs.push(finish(burst, 'broken', event.timeStamp));
      return verdict(false);
    };
    if (expired !== null && !isModifierCode(event.code)) {
      const late = expired;
      expired = null;
      if (burst === null && event.timeStamp - late.lastAt <= settings.maxInterKeyMs) {
        // The caller puts the field back as before the burst, so every key of it is held back now.
        for (const char of late.chars) char.isSwallowed = true;
        if (late.alt) late.alt.isSwallowed = true;
        late.hasLeaked = false;
        burst = late;
        outputs.push({ kind: 'resume' });
      }
    }
    passedKey = null;
    swallowedAltChar = null;
    if (isModifierCode(event.code)) return verdict(false);
    // A held key repeats faster than any scanner: that is a person.
    if (event.repeat) return endAsTyping();

    if (isEnterCode(event.code) || event.code === 'Tab') {
      if (burst === null || event.ctrlKey || event.altKey || event.metaKey) return endAsTyping();
      const terminator = event.code === 'Tab' ? 'tab' : 'enter';
      const current = burst;
      current.intervals.push(event.timeStamp - current.lastAt);
      current.lastAt = event.timeStamp;
      const output = finish(current, terminator, event.timeStamp);
      outputs.push(output);
      // The terminator belongs to the scan; after typing it does what it always does.
      return verdict(output.kind === 'scan');
    }

    // Alt+0029: Alt held, digits on the numeric keypad.
    const numpadDigit = numpadDigitOf(event.code);
    if (event.altKey && !event.ctrlKey && !event.metaKey && numpadDigit !== null) {
      const { current, isSwallowed } = press(event.timeStamp, context);
      // The digits of one sequence share the fate of its first one: all reach the OS or none does.
      current.alt ??= { digits: '', isSwallowed };
      current.alt.digits += numpadDigit;
      return verdict(current.alt.isSwallowed);
    }

    // Ctrl+] is GS on a US layout (HID: modifier 01, usage 0x30).
    if (event.ctrlKey && !event.altKey && !event.metaKey && event.code === 'BracketRight') {
      const { current, isSwallowed } = press(event.timeStamp, context);
      current.chars.push({ char: GS, typed: '', isSwallowed });
      return verdict(isSwallowed);
    }

    if (event.ctrlKey || event.altKey || event.metaKey) return endAsTyping();

    const char = usCharForCode(event.code, event.shiftKey);
    if (char === null) return endAsTyping();
    // A space never starts a burst: on a focused button it is a click and must not be held back.
    if (burst === null && char === ' ') return verdict(false);
    // Named keys ("Enter", "Unidentified") type nothing; a character key's `key` is one code point.
    const typed = [...event.key].length === 1 ? event.key : '';
    const { current, isSwallowed } = press(event.timeStamp, context);
    current.chars.push({ char, typed, isSwallowed });
    if (!isSwallowed) passedKey = typed;
    return verdict(isSwallowed);
  }

  function onInput(data: string | null): InputVerdict {
    const outputs: WedgeOutput[] = [];
    if (data !== null && passedKey !== null && data === passedKey) {
      passedKey = null;
      return { kind: 'echo', outputs };
    }
    if (data !== null && swallowedAltChar !== null && data === swallowedAltChar) {
      swallowedAltChar = null;
      return { kind: 'suppress', outputs };
    }
    // Text that came by another way than the keys seen: whatever burst is open was typing.
    if (burst !== null) outputs.push(finish(burst, 'broken', burst.lastAt));
    return { kind: 'foreign', outputs };
  }

  return {
    onKey,
    onInput,
    tick,
    expire: () => {
      if (burst === null) return [];
      const current = burst;
      const output = finish(current, 'none', current.lastAt);
      // Only typing can be taken back; a scan (no Enter required) has gone to its consumer.
      expired = output.kind === 'typing' ? current : null;
      return [output];
    },
    deadline: () => (burst === null ? null : burst.lastAt + settings.maxInterKeyMs),
    isIdle: () => burst === null,
    setSettings: (next) => {
      settings = next;
    },
    getSettings: () => settings,
  };
}
