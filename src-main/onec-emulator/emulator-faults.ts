// Scriptable failures, the ways a real 1C publication (or the IIS/Apache in front of it) lets a
// client down: errors, dropped connections, short bodies, stalls and HTML where JSON was promised.
// The dice are seeded, so a test or benchmark run with faults is reproducible.
import { createSeededRandom } from '../core/demo/seeded-random';

export const faultKinds = ['500', '503', 'reset', 'truncate', 'slow', 'html200', '401', 'lostresponse'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** Probability per request of each fault kind (0..1); their sum must not exceed 1. */
export type FaultSpec = Partial<Record<FaultKind, number>>;

export function isFaultKind(value: string): value is FaultKind {
  return (faultKinds as readonly string[]).includes(value);
}

/**
 * Parses "500:0.1,reset:0.05,slow:0.1". Throws RangeError with a Russian message (the CLI shows it
 * as a usage error) on an unknown kind, a probability outside 0..1, or a sum above 1.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {};
  let sum = 0;
  for (const rawPart of text.split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const [kind, rawProbability, extra] = part.split(':');
    if (kind === undefined || !isFaultKind(kind) || rawProbability === undefined || extra !== undefined) {
      throw new RangeError(`Неверное описание сбоя «${part}»: нужно вид:вероятность, виды: ${faultKinds.join(', ')}`);
    }
    const probability = Number(rawProbability);
    if (!/^\d*\.?\d+$/.test(rawProbability) || !(probability >= 0 && probability <= 1)) {
      throw new RangeError(`Вероятность сбоя «${kind}» должна быть числом от 0 до 1, получено «${rawProbability}»`);
    }
    spec[kind] = probability;
    sum += probability;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`Сумма вероятностей сбоев больше 1 (${sum})`);
  return spec;
}

/**
 * Which requests a queued fault waits for: any, only reads (GET), or only writes (POST, PATCH…),
 * so a test can aim at "the next write" while the client keeps reading.
 */
export const faultTargets = ['any', 'read', 'write'] as const;
export type FaultTarget = (typeof faultTargets)[number];

export type FaultDice = {
  set(spec: FaultSpec | string | null): void;
  failNext(kind: FaultKind, count?: number, target?: FaultTarget): void;
  /** The fault for the next request, or null: the first queued failNext fault aimed at it, then the dice. */
  draw(isWrite?: boolean): FaultKind | null;
};

export function createFaultDice(seed: number, initial: FaultSpec | string | null | undefined): FaultDice {
  const random = createSeededRandom(seed);
  let spec: FaultSpec = {};
  const queue: { kind: FaultKind; target: FaultTarget }[] = [];
  const set = (next: FaultSpec | string | null | undefined) => {
    if (next === null || next === undefined) spec = {};
    else if (typeof next === 'string') spec = parseFaultSpec(next);
    else {
      // Validate an object spec through the same rules as the text form.
      parseFaultSpec(Object.entries(next).map(([k, v]) => `${k}:${v}`).join(','));
      spec = { ...next };
    }
  };
  set(initial);
  return {
    set,
    failNext(kind, count = 1, target = 'any') {
      if (!isFaultKind(kind)) throw new RangeError(`Неизвестный вид сбоя «${String(kind)}»`);
      if (!(faultTargets as readonly string[]).includes(target)) throw new RangeError(`Неизвестная цель сбоя «${String(target)}»`);
      for (let i = 0; i < count; i += 1) queue.push({ kind, target });
    },
    draw(isWrite = false) {
      const at = queue.findIndex((q) => q.target === 'any' || q.target === (isWrite ? 'write' : 'read'));
      if (at >= 0) return queue.splice(at, 1)[0]?.kind ?? null;
      // One draw per request even without faults, so adding a kind does not shift the sequence
      // of the others between runs with the same seed.
      const roll = random.next();
      let edge = 0;
      for (const kind of faultKinds) {
        edge += spec[kind] ?? 0;
        if (roll < edge) return kind;
      }
      return null;
    },
  };
}
