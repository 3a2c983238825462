import { describe, expect, it } from 'vitest';
import { GS } from './key-map';
import { createWedgeDecoder, type KeyContext, type WedgeDecoder, type WedgeKeyEvent, type WedgeOutput, type WedgeSettings } from './wedge-decoder';
import { keyEvent, layoutKey, scanEvents } from './wedge-decoder.testing';

const station: WedgeSettings = { maxInterKeyMs: 35, minLength: 6, gsSubstitute: '', isEnterRequired: true };

type Run = { outputs: WedgeOutput[]; swallowed: WedgeKeyEvent[]; passed: WedgeKeyEvent[] };

/** Feeds events like the capture provider does: a tick at each event's time, then the event. */
function feed(decoder: WedgeDecoder, events: WedgeKeyEvent[], context: KeyContext = { isTextTarget: true }, endAt?: number): Run {
  const run: Run = { outputs: [], swallowed: [], passed: [] };
  for (const event of events) {
    run.outputs.push(...decoder.tick(event.timeStamp));
    const verdict = decoder.onKey(event, context);
    run.outputs.push(...verdict.outputs);
    (verdict.isSwallowed ? run.swallowed : run.passed).push(event);
  }
  if (endAt !== undefined) run.outputs.push(...decoder.tick(endAt));
  return run;
}

const keydowns = (events: WedgeKeyEvent[]): string[] => events.filter((e) => e.type === 'keydown').map((e) => e.code);

function scans(run: Run) {
  return run.outputs.flatMap((o) => (o.kind === 'scan' ? [o] : []));
}

// A dairy marking code (design doc §3.2/§3.4): 01 GTIN 21 serial GS 93 crypto tail. Mixed case,
// letters that the Russian layout turns into Cyrillic.
const dairy = `0104601234567893215w9EJp${GS}93abc1`;
// A footwear-like code with symbols the Russian layout remaps: < . / ? & and friends.
const shoe = `0104601234567893215G+mgsHw<DiLN_${GS}91EE05${GS}92sOe6fy7lPT8/&FVGT.45/<7&*%"?:;,`;

describe('wedge decoder', () => {
  it('decodes a fast Russian-layout burst of a marking code by key position, with GS from Ctrl+]', () => {
    const decoder = createWedgeDecoder(station);
    const events = scanEvents(dairy, { layout: 'ru', gapMs: 4, gsMode: 'ctrl' });
    // What the OS would have typed really is Cyrillic.
    expect(events.find((e) => e.code === 'KeyW')?.key).toBe('ц');
    const run = feed(decoder, events, { isTextTarget: false });
    const [scan] = scans(run);
    expect(scan?.scan.text).toBe(dairy);
    expect(scan?.scan.typed).toBe('0104601234567893215ц9УОз93фис1');
    expect(scan?.scan.terminator).toBe('enter');
    expect(scan?.leaked).toBe(0);
    expect(run.outputs).toHaveLength(1);
    // Nothing reached the page: every key press of the burst, GS and Enter included, was swallowed.
    expect(keydowns(run.passed).filter((code) => !code.startsWith('Shift') && !code.startsWith('Control'))).toEqual([]);
    expect(decoder.isIdle()).toBe(true);
  });

  it('rebuilds every symbol the Russian layout remaps, in both shift states', () => {
    const decoder = createWedgeDecoder(station);
    const run = feed(decoder, scanEvents(shoe, { layout: 'ru', gapMs: 3, gsMode: 'ctrl' }), { isTextTarget: false });
    expect(scans(run).map((s) => s.scan.text)).toEqual([shoe]);
    expect(scans(run)[0]?.scan.typed).toContain('П+ьпыРцБВшДТ_');
  });

  it('lets the first key of a burst into a focused text field and reports it as leaked', () => {
    const decoder = createWedgeDecoder(station);
    const run = feed(decoder, scanEvents('4601234567893', { layout: 'ru', gapMs: 5 }), { isTextTarget: true });
    expect(keydowns(run.passed)).toEqual(['Digit4']);
    expect(scans(run).map((s) => [s.scan.text, s.leaked])).toEqual([['4601234567893', 1]]);
  });

  it('treats slow typing as typing: every key reaches the field, nothing is swallowed or replayed', () => {
    const decoder = createWedgeDecoder(station);
    const events = scanEvents('1250', { layout: 'ru', gapMs: 120 });
    const run = feed(decoder, events, { isTextTarget: true }, 5000);
    expect(scans(run)).toEqual([]);
    expect(run.swallowed).toEqual([]);
    expect(run.outputs.every((o) => o.kind === 'typing' && o.replay === '')).toBe(true);
  });

  it('replays what the layout typed when a held-back burst turns out to be typing', () => {
    const decoder = createWedgeDecoder(station);
    // Outside a text field the first key is held back; the next comes 120 ms later: a person.
    const typed = [keyEvent('keydown', 'KeyA', layoutKey('ru', 'KeyA', false), 1000), keyEvent('keydown', 'KeyS', layoutKey('ru', 'KeyS', false), 1120)];
    const run = feed(decoder, typed, { isTextTarget: false }, 2000);
    expect(run.outputs).toEqual([
      { kind: 'typing', replay: 'ф' },
      { kind: 'typing', replay: 'ы' },
    ]);
  });

  it('gives GS for Alt+0029 on the numeric keypad, emitted when Alt is released', () => {
    const decoder = createWedgeDecoder(station);
    const run = feed(decoder, scanEvents(dairy, { layout: 'ru', gapMs: 4, gsMode: 'alt' }), { isTextTarget: false });
    expect(scans(run).map((s) => s.scan.text)).toEqual([dairy]);
    expect(run.passed.filter((e) => e.code.startsWith('Numpad'))).toEqual([]);
  });

  it('gives the same text for Ctrl+] and Alt+0029', () => {
    const byCtrl = feed(createWedgeDecoder(station), scanEvents(shoe, { layout: 'us', gapMs: 2, gsMode: 'ctrl' }));
    const byAlt = feed(createWedgeDecoder(station), scanEvents(shoe, { layout: 'us', gapMs: 2, gsMode: 'alt' }));
    expect(scans(byCtrl)[0]?.scan.text).toBe(shoe);
    expect(scans(byAlt)[0]?.scan.text).toBe(shoe);
  });

  it('replaces the configured GS substitute with GS', () => {
    const decoder = createWedgeDecoder({ ...station, gsSubstitute: '#' });
    const run = feed(decoder, scanEvents('0104601234567893215w9EJp#93abc1', { layout: 'us', gapMs: 3 }));
    expect(scans(run)[0]?.scan.text).toBe(dairy);
  });

  it('passes an AIM symbology identifier through', () => {
    const decoder = createWedgeDecoder(station);
    const run = feed(decoder, scanEvents(`]d2${dairy}`, { layout: 'ru', gapMs: 3 }), { isTextTarget: false });
    expect(scans(run)[0]?.scan.text).toBe(`]d2${dairy}`);
  });

  it('accepts a gap of exactly maxInterKeyMs and splits the burst at one millisecond more', () => {
    const exact = feed(createWedgeDecoder(station), scanEvents('4601234567893', { layout: 'us', gapMs: 35 }));
    expect(scans(exact).map((s) => s.scan.text)).toEqual(['4601234567893']);
    expect(scans(exact)[0]?.scan.intervals.every((gap) => gap === 35)).toBe(true);

    // One slow gap in the middle: the first part is typing, the rest a scan of its own.
    const split = feed(
      createWedgeDecoder(station),
      scanEvents('4601234567893', { layout: 'us', gapMs: (i) => (i === 5 ? 36 : 5) }),
      { isTextTarget: false },
    );
    expect(split.outputs.map((o) => (o.kind === 'scan' ? `scan:${o.scan.text}` : o.kind === 'typing' ? `typing:${o.replay}` : o.kind))).toEqual([
      'typing:460123',
      'scan:4567893',
    ]);
  });

  it('treats a fast burst shorter than minLength as typing and lets its Enter through', () => {
    const decoder = createWedgeDecoder(station);
    const run = feed(decoder, scanEvents('12345', { layout: 'us', gapMs: 5 }), { isTextTarget: true });
    expect(run.outputs).toEqual([{ kind: 'typing', replay: '2345' }]);
    expect(run.passed.map((e) => e.code)).toContain('Enter');
    // minLength characters make a scan.
    const six = feed(createWedgeDecoder(station), scanEvents('123456', { layout: 'us', gapMs: 5 }));
    expect(scans(six).map((s) => s.scan.text)).toEqual(['123456']);
  });

  it('needs the Enter when the station requires it, and ends on silence when it does not', () => {
    const withoutEnter = scanEvents('4601234567893', { layout: 'us', gapMs: 5, suffix: 'none' });
    const required = createWedgeDecoder(station);
    const runRequired = feed(required, withoutEnter, { isTextTarget: false });
    expect(required.deadline()).toBe(1000 + 12 * 5 + 35);
    runRequired.outputs.push(...required.tick(1000 + 12 * 5 + 35));
    expect(runRequired.outputs).toEqual([]);
    runRequired.outputs.push(...required.tick(1000 + 12 * 5 + 36));
    expect(runRequired.outputs).toEqual([{ kind: 'typing', replay: '4601234567893' }]);

    const optional = createWedgeDecoder({ ...station, isEnterRequired: false });
    const runOptional = feed(optional, withoutEnter, { isTextTarget: false }, 5000);
    expect(scans(runOptional).map((s) => [s.scan.text, s.scan.terminator, s.scan.lastKeyAt])).toEqual([['4601234567893', 'none', 1060]]);
    // With Enter not required, Tab ends a scan too (and is swallowed).
    const tab = feed(createWedgeDecoder({ ...station, isEnterRequired: false }), scanEvents('4601234567893', { layout: 'us', gapMs: 5, suffix: 'tab' }));
    expect(scans(tab).map((s) => s.scan.terminator)).toEqual(['tab']);
    expect(tab.swallowed.map((e) => e.code)).toContain('Tab');
  });

  it('ends a burst as typing on an editing key, a shortcut or a held key, and lets that key through', () => {
    for (const breaker of [
      keyEvent('keydown', 'Backspace', 'Backspace', 1012),
      keyEvent('keydown', 'KeyV', 'м', 1012, { ctrlKey: true }),
      keyEvent('keydown', 'Digit3', '3', 1012, { repeat: true }),
      keyEvent('keydown', 'ArrowLeft', 'ArrowLeft', 1012),
    ]) {
      const decoder = createWedgeDecoder(station);
      const run = feed(decoder, [...scanEvents('12', { layout: 'us', gapMs: 5, suffix: 'none' }), breaker], { isTextTarget: true });
      expect(run.outputs).toEqual([{ kind: 'typing', replay: '2' }]);
      expect(run.passed.at(-1)).toBe(breaker);
      expect(decoder.isIdle()).toBe(true);
    }
  });

  it('reads two scans in a row and reports their timing', () => {
    const decoder = createWedgeDecoder(station);
    const first = scanEvents('4601234567893', { layout: 'us', gapMs: 4, startAt: 1000 });
    const second = scanEvents('2000000012345', { layout: 'us', gapMs: 4, startAt: 1200 });
    const run = feed(decoder, [...first, ...second], { isTextTarget: false });
    expect(scans(run).map((s) => s.scan.text)).toEqual(['4601234567893', '2000000012345']);
    expect(scans(run)[0]?.scan.intervals).toHaveLength(13);
    expect(scans(run)[0]?.scan.startedAt).toBe(1000);
    expect(scans(run)[0]?.scan.lastKeyAt).toBe(1052);
  });

  it('never starts a burst with a space (a focused button must still get its click)', () => {
    const decoder = createWedgeDecoder(station);
    const verdict = decoder.onKey(keyEvent('keydown', 'Space', ' ', 1000), { isTextTarget: false });
    expect(verdict.isSwallowed).toBe(false);
    expect(decoder.isIdle()).toBe(true);
  });

  it('tells the echo of a key it let through from text that came another way', () => {
    const decoder = createWedgeDecoder(station);
    decoder.onKey(keyEvent('keydown', 'KeyA', 'ф', 1000), { isTextTarget: true });
    expect(decoder.onInput('ф')).toEqual({ kind: 'echo', outputs: [] });
    decoder.onKey(keyEvent('keydown', 'KeyS', 'ы', 1004), { isTextTarget: true });
    // Text inserted without a key press (IME, a paste menu, automation): the burst was typing.
    expect(decoder.onInput('Т')).toEqual({ kind: 'foreign', outputs: [{ kind: 'typing', replay: 'ы' }] });
    expect(decoder.isIdle()).toBe(true);
  });

  it('keeps the burst when the echo of its first key is handled long after the key was pressed (a busy page)', () => {
    const decoder = createWedgeDecoder(station);
    decoder.onKey(keyEvent('keydown', 'Digit4', '4', 1000), { isTextTarget: true });
    // The page was busy: the key's beforeinput comes 80 ms (by the page clock) after the key's own time.
    expect(decoder.onInput('4').kind).toBe('echo');
    const run = feed(decoder, scanEvents('601234567893', { layout: 'us', gapMs: 6, startAt: 1006 }), { isTextTarget: true });
    expect(scans(run).map((s) => [s.scan.text, s.leaked])).toEqual([['4601234567893', 1]]);
  });

  it('cancels the OS echo of a swallowed Alt+numpad character', () => {
    const decoder = createWedgeDecoder(station);
    feed(decoder, scanEvents('4601', { layout: 'us', gapMs: 3, suffix: 'none' }), { isTextTarget: false });
    // Alt+065 ("A") inside the burst.
    const alt = [
      keyEvent('keydown', 'AltLeft', 'Alt', 1012, { altKey: true }),
      keyEvent('keydown', 'Numpad0', '0', 1013, { altKey: true }),
      keyEvent('keydown', 'Numpad6', '6', 1014, { altKey: true }),
      keyEvent('keydown', 'Numpad5', '5', 1015, { altKey: true }),
      keyEvent('keyup', 'AltLeft', 'Alt', 1016),
    ];
    const run = feed(decoder, alt, { isTextTarget: false });
    expect(run.swallowed.map((e) => e.code)).toEqual(['Numpad0', 'Numpad6', 'Numpad5', 'AltLeft']);
    expect(decoder.onInput('A').kind).toBe('suppress');
    const end = feed(decoder, [keyEvent('keydown', 'Digit7', '7', 1018), keyEvent('keydown', 'Digit8', '8', 1020), keyEvent('keydown', 'Enter', 'Enter', 1022)], {
      isTextTarget: false,
    });
    expect(scans(end).map((s) => s.scan.text)).toEqual(['4601A78']);
  });

  it('ends the open burst on expire() as silence would, whatever the events\' clock says', () => {
    const withEnter = createWedgeDecoder(station);
    feed(withEnter, scanEvents('4601234567893', { layout: 'us', gapMs: 2, suffix: 'none' }), { isTextTarget: false });
    expect(withEnter.tick(1030)).toEqual([]);
    expect(withEnter.expire()).toEqual([{ kind: 'typing', replay: '4601234567893' }]);
    expect(withEnter.expire()).toEqual([]);

    const withoutEnter = createWedgeDecoder({ ...station, isEnterRequired: false });
    feed(withoutEnter, scanEvents('4601234567893', { layout: 'us', gapMs: 2, suffix: 'none' }), { isTextTarget: false });
    expect(scans({ outputs: withoutEnter.expire(), swallowed: [], passed: [] }).map((s) => s.scan.text)).toEqual(['4601234567893']);
  });

  it('resumes a burst that expire() gave up when its next key turns out to be on time (the keys were only late)', () => {
    const decoder = createWedgeDecoder(station);
    const events = scanEvents('4601234567893', { layout: 'ru', gapMs: 6 });
    const keydownIndex = events.findIndex((e) => e.type === 'keydown' && e.code === 'Digit2');
    const first = feed(decoder, events.slice(0, keydownIndex), { isTextTarget: true });
    expect(first.outputs).toEqual([]);
    // The page saw nothing for a while (a stall), gave up: "4601" is typing so far ("4" reached the field).
    expect(decoder.expire()).toEqual([{ kind: 'typing', replay: '601' }]);
    // The next key is stamped 6 ms after the last one: it was a scan all along.
    const rest = feed(decoder, events.slice(keydownIndex), { isTextTarget: true });
    expect(rest.outputs[0]).toEqual({ kind: 'resume' });
    // The field was put back before the burst, so nothing of it counts as leaked any more.
    expect(scans(rest).map((s) => [s.scan.text, s.leaked])).toEqual([['4601234567893', 0]]);

    // A late key that is really late (a person's pause) starts afresh.
    const typing = createWedgeDecoder(station);
    feed(typing, scanEvents('12', { layout: 'us', gapMs: 5, suffix: 'none' }), { isTextTarget: true });
    expect(typing.expire()).toEqual([{ kind: 'typing', replay: '2' }]);
    const later = feed(typing, [keyEvent('keydown', 'Digit3', '3', 1200)], { isTextTarget: true });
    expect(later.outputs).toEqual([]);
    expect(later.passed.map((e) => e.code)).toEqual(['Digit3']);
  });

  it('uses new thresholds from the next key on', () => {
    const decoder = createWedgeDecoder(station);
    decoder.setSettings({ ...station, maxInterKeyMs: 80 });
    const run = feed(decoder, scanEvents('4601234567893', { layout: 'us', gapMs: 60 }), { isTextTarget: false });
    expect(scans(run).map((s) => s.scan.text)).toEqual(['4601234567893']);
    expect(decoder.getSettings().maxInterKeyMs).toBe(80);
  });
});
