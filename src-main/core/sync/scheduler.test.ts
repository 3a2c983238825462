import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error';
import { createCronScheduler, isValidCronExpression } from './scheduler';

describe('createCronScheduler', () => {
  it('calls the task on a real every-second schedule and stops calling it after stop', async () => {
    const ticks: number[] = [];
    const scheduler = createCronScheduler('* * * * * *', async () => {
      ticks.push(Date.now());
    });
    try {
      const deadline = Date.now() + 5_000;
      while (ticks.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(ticks.length).toBeGreaterThanOrEqual(2);
    } finally {
      scheduler.stop();
    }
    const stoppedAt = ticks.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(ticks.length).toBe(stoppedAt);
    scheduler.stop();
  });

  it('keeps ticking when the task rejects', async () => {
    let calls = 0;
    const warnings: string[] = [];
    const scheduler = createCronScheduler(
      '* * * * * *',
      async () => {
        calls += 1;
        throw new Error('1С недоступна');
      },
      { logger: { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined } },
    );
    try {
      const deadline = Date.now() + 5_000;
      while (calls < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      scheduler.stop();
    }
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toContain('1С недоступна');
  });

  it('rejects an invalid expression with a validation error', () => {
    expect(isValidCronExpression('*/15 * * * *')).toBe(true);
    expect(isValidCronExpression('every minute')).toBe(false);
    try {
      createCronScheduler('61 * * * *', async () => undefined);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err) && err.code).toBe('validation');
      expect((err as Error).message).toContain('61 * * * *');
    }
  });
});
