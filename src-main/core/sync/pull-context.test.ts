import { describe, expect, it } from 'vitest';
import { buildODataQueryString, guidLiteral } from '../onec/odata-query';
import { silentLogger } from '../logging/logger';
import { createOnecClient } from '../onec/onec-client';
import { getProfile } from '../onec/profiles';
import { openTempDb } from '../testing/temp-db';
import { createPullContext, defaultPullOptions, keyFilterBatches, toScaledInteger } from './pull-context';
import { emptyCounts } from './sync';

describe('toScaledInteger', () => {
  it('rounds half away from zero on the decimal value, not its binary neighbour', () => {
    expect(toScaledInteger(1.0005, 1000)).toBe(1001);
    expect(toScaledInteger(-1.0005, 1000)).toBe(-1001);
    expect(toScaledInteger(2.675, 100)).toBe(268);
    expect(toScaledInteger(89.9, 100)).toBe(8990);
    expect(toScaledInteger(0.0004, 1000)).toBe(0);
    expect(toScaledInteger(-0.5, 1)).toBe(-1);
    expect(toScaledInteger(40_000.123, 1000)).toBe(40_000_123);
  });
});

describe('keyFilterBatches', () => {
  const refs = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

  it('splits keys into or-batches whose query string stays within the budget', () => {
    const query = { select: ['Ref_Key', 'DataVersion', 'Description', 'Артикул'] };
    const batches = keyFilterBatches(refs, 'Ref_Key', guidLiteral, query, 1_000, 'IsFolder eq false');
    expect(batches.length).toBeGreaterThan(5);
    for (const filter of batches) {
      expect(buildODataQueryString({ ...query, filter }).length).toBeLessThanOrEqual(1_000);
      expect(filter.startsWith('IsFolder eq false and (Ref_Key eq guid')).toBe(true);
    }
    const all = batches.flatMap((f) => [...f.matchAll(/guid'([^']+)'/g)].map((m) => m[1]));
    expect(all).toEqual(refs);
  });

  it('puts a single key in its own batch even when it alone is over the budget', () => {
    expect(keyFilterBatches(refs.slice(0, 2), 'Ref_Key', guidLiteral, {}, 10)).toHaveLength(2);
  });
});

describe('whileOnecWorks', () => {
  it('runs no put-off work for a job started ahead until its turn: the job before it holds the thread then', async () => {
    const temp = openTempDb();
    const client = createOnecClient({ baseUrl: 'http://127.0.0.1:9/base/odata/standard.odata/', user: 'u', password: '' }, { logger: silentLogger });
    try {
      let openTurn = (): void => undefined;
      const turn = new Promise<void>((resolve) => {
        openTurn = resolve;
      });
      let steps = 0;
      const ctx = createPullContext({
        job: 'movements',
        db: temp.db,
        client,
        profile: getProfile('ut11'),
        logger: silentLogger,
        clock: Date.now,
        options: defaultPullOptions,
        counts: emptyCounts(),
        meter: { bytes: 0, requests: 0, warnings: [], warningCount: 0 },
        signal: new AbortController().signal,
        onProgress: () => undefined,
        turn,
        whileOnecWorks: () => {
          steps += 1;
          return true;
        },
      });
      expect(ctx.whileOnecWorks()).toBe(false);
      expect(steps).toBe(0);
      openTurn();
      await turn;
      await Promise.resolve();
      expect(ctx.whileOnecWorks()).toBe(true);
      expect(steps).toBe(1);
    } finally {
      await client.close();
      temp.cleanup();
    }
  });
});
