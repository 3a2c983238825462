import { describe, expect, it } from 'vitest';
import { createIdleWork } from './idle-work';

describe('idle work', () => {
  it('runs one step per call, each work until it reports nothing left, urgent work first', () => {
    const log: string[] = [];
    const work = createIdleWork();
    const counting = (name: string, steps: number) => {
      let done = 0;
      return (): boolean => {
        done += 1;
        log.push(`${name}${done}`);
        return done < steps;
      };
    };
    work.push(counting('search', 3));
    work.push(counting('products-index', 2), { isUrgent: true });
    work.push(counting('prices-index', 1), { isUrgent: true });
    expect(work.runOne()).toBe(true);
    expect(log).toEqual(['products-index1']);
    work.drain();
    expect(log).toEqual(['products-index1', 'products-index2', 'prices-index1', 'search1', 'search2', 'search3']);
    expect(work.runOne()).toBe(false);
  });
});
