import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/api-client';
import { useEvent } from '../api/use-event';
import { createWedgeDecoder, type WedgeOutput, type WedgeSettings } from '../scanner/wedge-decoder';
import { type CapturedScan, type ConsumerEntry, ScanCaptureContext, type ScanCaptureControl } from './scan-capture-context';
import { type FieldSnapshot, focusedTextField, insertAtCaret, restoreSnapshot, takeSnapshot } from './text-field';

/**
 * Extra silence before a burst that must still see its Enter is given up as typing. A person's
 * held-back keys appear this much later (rare: only two keys within maxInterKeyMs do that); a
 * scanner behind a jittery link (RDP, Bluetooth) is not cut in two by a late key.
 */
const expiryGraceMs = 50;

/** The core's defaults (device-settings.service), used until devices.settings.get answers. */
export const defaultWedgeSettings: WedgeSettings = { maxInterKeyMs: 35, minLength: 6, gsSubstitute: '', isEnterRequired: true };

type Props = {
  children: ReactNode;
  /** Where a scan goes when no screen has claimed scans: the scan desk. */
  onUnclaimed: (scan: CapturedScan) => void;
};

// event.timeStamp and performance.now() share one clock in Chromium; an engine that stamps events
// with the wall clock would break the timing rule, so such a stamp is replaced by "now".
function eventTime(event: Event): number {
  const now = performance.now();
  return Math.abs(event.timeStamp - now) > 60_000 ? now : event.timeStamp;
}

/**
 * Listens to every key in the window (capture phase, before any field or React handler) and turns
 * keyboard-wedge bursts into scans for the current consumer: the document editor when one is open,
 * a device screen, else the scan desk. Serial scans (scans.received) go the same way.
 *
 * Keys of a burst are swallowed (preventDefault + stopPropagation) so a scan never lands as text
 * in whatever field has focus. Whether a key starts a scan is only known from the next one, so
 * the first key is the hard part. The choice made here:
 * - focus in a text field: the first key goes through at once, so a person typing a quantity
 *   feels no lag; from the second fast key on keys are held back. If the burst becomes a scan, the
 *   field is put back as it was before its first key (a snapshot). If it turns out to be typing
 *   (a slow key, too short, an editing key, text from elsewhere), the held-back keys are typed
 *   into the field in order (as the OS layout would have typed them) before the next key acts.
 * - focus anywhere else: the first key is held back too (there is nothing to type into, and a
 *   letter must not trigger a shortcut); typing is replayed into a text field if one gets focus.
 * So no key is ever lost and no scan ever stays in a field; the e2e spec checks both ways.
 */
export function ScanCaptureProvider({ children, onUnclaimed }: Props) {
  const [settings, setSettings] = useState<WedgeSettings>(defaultWedgeSettings);
  const [isLoaded, setIsLoaded] = useState(false);
  const [consumers, setConsumers] = useState<readonly ConsumerEntry[]>([]);
  const consumersRef = useRef<readonly ConsumerEntry[]>([]);
  const nextId = useRef(1);
  const onUnclaimedRef = useRef(onUnclaimed);
  const decoder = useMemo(() => createWedgeDecoder(defaultWedgeSettings), []);

  useEffect(() => {
    onUnclaimedRef.current = onUnclaimed;
  });

  useEffect(() => {
    let isCurrent = true;
    void api.invoke('devices.settings.get', {}).then((result) => {
      if (!isCurrent) return;
      // Without the host's settings the defaults stay: scanning works, with uncalibrated thresholds.
      if (result.ok) setSettings(result.value.keyboard);
      setIsLoaded(true);
    });
    return () => {
      isCurrent = false;
    };
  }, []);

  const top = useMemo(() => topConsumer(consumers), [consumers]);
  const listenWith = top?.listenWith ?? settings;
  useEffect(() => {
    decoder.setSettings(listenWith);
  }, [decoder, listenWith]);

  const deliver = useCallback((scan: CapturedScan) => {
    const consumer = topConsumer(consumersRef.current);
    if (consumer) consumer.handler.current(scan);
    else onUnclaimedRef.current(scan);
  }, []);

  useEffect(() => {
    let snapshot: FieldSnapshot | null = null;
    // The snapshot of a burst the timer gave up as typing, until the decoder says it resumed or not.
    let expiredSnapshot: FieldSnapshot | null = null;
    let timer: number | undefined;
    // When the last key event was handled, on the page's clock. Gaps between keys are judged by the
    // events' own timeStamps (when the keyboard sent them); the end of a burst by this one. After
    // the main thread was busy (a table rendering), queued keys arrive together with their true,
    // short gaps; a timer judging by their timeStamps would end the burst before they are handled.
    let lastHandledAt = 0;

    function act(outputs: readonly WedgeOutput[]): void {
      for (const output of outputs) {
        if (output.kind === 'resume') {
          // The keys were late, not typed: undo what the timer typed into the field.
          if (expiredSnapshot) restoreSnapshot(expiredSnapshot);
          snapshot = expiredSnapshot;
          expiredSnapshot = null;
        } else if (output.kind === 'typing') {
          if (output.replay === '') continue;
          const field = snapshot?.field.isConnected && snapshot.field === document.activeElement ? snapshot.field : focusedTextField();
          if (field) insertAtCaret(field, output.replay);
        } else {
          if (output.leaked > 0 && snapshot) restoreSnapshot(snapshot);
          snapshot = null;
          const startedAt = output.scan.lastKeyAt;
          deliver({ source: 'keyboard', device: 'keyboard', text: output.scan.text, startedAt, wedge: output.scan });
        }
      }
    }

    function schedule(): void {
      window.clearTimeout(timer);
      if (decoder.isIdle()) return;
      const { maxInterKeyMs, isEnterRequired } = decoder.getSettings();
      // Without an Enter the silence itself completes a scan: no grace, or every such scan waits for it.
      const silenceMs = maxInterKeyMs + (isEnterRequired ? expiryGraceMs : 0);
      timer = window.setTimeout(
        () => {
          if (performance.now() - lastHandledAt > silenceMs) {
            expiredSnapshot = snapshot;
            act(decoder.expire());
          }
          schedule();
        },
        Math.max(0, lastHandledAt + silenceMs - performance.now()) + 1,
      );
    }

    function onKey(event: KeyboardEvent): void {
      // Keys that compose text in an IME belong to the IME.
      if (event.isComposing) return;
      lastHandledAt = performance.now();
      const at = eventTime(event);
      act(decoder.tick(at));
      const field = focusedTextField();
      if (decoder.isIdle() && event.type === 'keydown') snapshot = field ? takeSnapshot(field) : null;
      const verdict = decoder.onKey(
        {
          type: event.type === 'keyup' ? 'keyup' : 'keydown',
          code: event.code,
          key: event.key,
          timeStamp: at,
          shiftKey: event.shiftKey,
          ctrlKey: event.ctrlKey,
          altKey: event.altKey,
          metaKey: event.metaKey,
          repeat: event.repeat,
        },
        { isTextTarget: field !== null },
      );
      if (verdict.isSwallowed) {
        event.preventDefault();
        event.stopPropagation();
      }
      act(verdict.outputs);
      schedule();
    }

    function onBeforeInput(event: Event): void {
      if (!(event instanceof InputEvent)) return;
      const verdict = decoder.onInput(event.data);
      if (verdict.kind === 'suppress') {
        event.preventDefault();
        return;
      }
      const replay = verdict.outputs.map((o) => (o.kind === 'typing' ? o.replay : '')).join('');
      act(verdict.outputs.filter((o) => o.kind === 'scan'));
      schedule();
      if (replay === '') return;
      // Held-back keys come before this text: both are typed here, in that order.
      const field = focusedTextField();
      if (!field) return;
      if (event.inputType.startsWith('insert') && event.data !== null && event.cancelable) {
        event.preventDefault();
        insertAtCaret(field, replay + event.data);
      } else {
        insertAtCaret(field, replay);
      }
    }

    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('keyup', onKey, { capture: true });
    window.addEventListener('beforeinput', onBeforeInput, { capture: true });
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('keyup', onKey, { capture: true });
      window.removeEventListener('beforeinput', onBeforeInput, { capture: true });
    };
  }, [decoder, deliver]);

  useEvent('scans.received', (event) => {
    deliver({ source: 'serial', device: event.device, text: event.canonical, startedAt: performance.now(), event });
  });

  const register = useCallback((entry: Omit<ConsumerEntry, 'id'>) => {
    const id = nextId.current;
    nextId.current += 1;
    consumersRef.current = [...consumersRef.current, { ...entry, id }];
    setConsumers(consumersRef.current);
    return () => {
      consumersRef.current = consumersRef.current.filter((c) => c.id !== id);
      setConsumers(consumersRef.current);
    };
  }, []);

  const applySettings = useCallback((next: WedgeSettings) => setSettings(next), []);

  const control = useMemo<ScanCaptureControl>(
    () => ({ settings, isLoaded, applySettings, register }),
    [settings, isLoaded, applySettings, register],
  );

  return <ScanCaptureContext.Provider value={control}>{children}</ScanCaptureContext.Provider>;
}

function topConsumer(consumers: readonly ConsumerEntry[]): ConsumerEntry | undefined {
  let best: ConsumerEntry | undefined;
  for (const consumer of consumers) if (!best || consumer.priority >= best.priority) best = consumer;
  return best;
}
