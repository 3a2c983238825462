import { describe, expect, it } from 'vitest';
import { createScanFramer, type FramerOutput } from './scan-framer';

const GS = '\x1d';
// The dairy marking code from peers-and-hardware §3.4, GS intact.
const dairyCode = Buffer.from(`0104601234567893215w9EJp${GS}93abc1`, 'latin1');

const scans = (out: FramerOutput[]) => out.filter((o) => o.kind === 'scan').map((o) => o.bytes);
const errors = (out: FramerOutput[]) => out.filter((o) => o.kind === 'error');

describe('createScanFramer (suffix framing)', () => {
  it('returns the bytes before CR LF with GS intact when a whole scan arrives at once', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'crlf' });
    const out = framer.push(Buffer.concat([dairyCode, Buffer.from('\r\n')]), 1000);
    expect(out).toEqual([{ kind: 'scan', bytes: dairyCode, at: 1000 }]);
    expect(out[0]?.bytes.includes(0x1d)).toBe(true);
    expect(framer.hasPending()).toBe(false);
  });

  it('returns every scan when several arrive in one read', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'cr' });
    const out = framer.push(Buffer.from('4601234567893\r2000000000015\rabc\r'), 5);
    expect(scans(out).map((b) => b.toString('latin1'))).toEqual(['4601234567893', '2000000000015', 'abc']);
  });

  it('joins a scan split across reads, including a CR LF split between CR and LF', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'crlf' });
    expect(framer.push(dairyCode.subarray(0, 10), 100)).toEqual([]);
    expect(framer.push(Buffer.concat([dairyCode.subarray(10), Buffer.from('\r')]), 110)).toEqual([]);
    expect(framer.hasPending()).toBe(true);
    // The scan is stamped with the arrival of its first byte.
    expect(framer.push(Buffer.from('\n'), 120)).toEqual([{ kind: 'scan', bytes: dairyCode, at: 100 }]);
  });

  it('keeps a bare CR inside the scan when the suffix is CR LF', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'crlf' });
    expect(scans(framer.push(Buffer.from('a\rb\r\n'), 1))).toEqual([Buffer.from('a\rb')]);
  });

  it('splits on TAB and on LF', () => {
    expect(scans(createScanFramer({ framing: 'suffix', suffix: 'tab' }).push(Buffer.from('x\ty\t'), 1))).toEqual([Buffer.from('x'), Buffer.from('y')]);
    expect(scans(createScanFramer({ framing: 'suffix', suffix: 'lf' }).push(Buffer.from('x\ny\n'), 1))).toEqual([Buffer.from('x'), Buffer.from('y')]);
  });

  it('ignores empty frames between consecutive suffixes', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'cr' });
    expect(scans(framer.push(Buffer.from('\r\r123\r\r'), 1))).toEqual([Buffer.from('123')]);
  });

  it('preserves bytes that are not valid UTF-8', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'cr' });
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x1d, 0x80, 0xc3]);
    expect(scans(framer.push(Buffer.concat([raw, Buffer.from([0x0d])]), 1))).toEqual([raw]);
  });

  it('reports leftovers as unterminated on idle instead of gluing them to the next scan', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'crlf' });
    framer.push(Buffer.from('123\r'), 1);
    expect(framer.idle(2000)).toEqual([{ kind: 'error', reason: 'unterminated', bytes: Buffer.from('123\r'), at: 2000 }]);
    expect(scans(framer.push(Buffer.from('456\r\n'), 2001))).toEqual([Buffer.from('456')]);
  });

  it('reports an oversized frame once and skips up to the next suffix', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'crlf', maxFrameBytes: 16 });
    const first = framer.push(Buffer.alloc(20, 0x41), 1);
    expect(errors(first)).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'error', reason: 'oversized', at: 1 });
    expect(first[0]?.bytes.length).toBe(16);
    // More garbage, with the suffix split between reads: no second error, no bogus scan.
    expect(framer.push(Buffer.alloc(50, 0x42), 2)).toEqual([]);
    expect(framer.push(Buffer.from('BBB\r'), 3)).toEqual([]);
    expect(framer.push(Buffer.from('\nok\r\n'), 4)).toEqual([{ kind: 'scan', bytes: Buffer.from('ok'), at: 4 }]);
  });

  it('rejects a terminated frame longer than the cap', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'cr', maxFrameBytes: 4 });
    const out = framer.push(Buffer.from('12345\r1234\r'), 1);
    expect(out.map((o) => o.kind)).toEqual(['error', 'scan']);
    expect(out[1]?.bytes).toEqual(Buffer.from('1234'));
  });

  it('returns a copy that later reads cannot overwrite', () => {
    const framer = createScanFramer({ framing: 'suffix', suffix: 'cr' });
    const readBuffer = Buffer.from('111\r');
    const [scan] = framer.push(readBuffer, 1);
    readBuffer.fill(0x39);
    expect(scan?.bytes).toEqual(Buffer.from('111'));
  });

  it('refuses suffix framing without a suffix', () => {
    expect(() => createScanFramer({ framing: 'suffix', suffix: 'none' })).toThrow(RangeError);
  });
});

describe('createScanFramer (timeout framing)', () => {
  it('ends a scan on idle and keeps every byte when there is no suffix', () => {
    const framer = createScanFramer({ framing: 'timeout', suffix: 'none' });
    const withCr = Buffer.concat([dairyCode, Buffer.from('\r')]);
    expect(framer.push(withCr.subarray(0, 7), 10)).toEqual([]);
    expect(framer.push(withCr.subarray(7), 12)).toEqual([]);
    expect(framer.idle(70)).toEqual([{ kind: 'scan', bytes: withCr, at: 10 }]);
    expect(framer.hasPending()).toBe(false);
    expect(framer.idle(200)).toEqual([]);
  });

  it('also splits on a configured suffix and strips it', () => {
    const framer = createScanFramer({ framing: 'timeout', suffix: 'cr' });
    expect(scans(framer.push(Buffer.from('111\r222\r33'), 1))).toEqual([Buffer.from('111'), Buffer.from('222')]);
    expect(scans(framer.idle(60))).toEqual([Buffer.from('33')]);
  });

  it('reports oversized input once and skips until silence', () => {
    const framer = createScanFramer({ framing: 'timeout', suffix: 'none', maxFrameBytes: 8 });
    expect(errors(framer.push(Buffer.alloc(9, 0x41), 1))).toHaveLength(1);
    expect(framer.push(Buffer.alloc(100, 0x41), 2)).toEqual([]);
    expect(framer.hasPending()).toBe(true);
    expect(framer.idle(60)).toEqual([]);
    expect(scans(framer.push(Buffer.from('12345678'), 100))).toEqual([]);
    expect(scans(framer.idle(160))).toEqual([Buffer.from('12345678')]);
  });

  it('turns a partial scan into an unterminated error on drain', () => {
    const framer = createScanFramer({ framing: 'timeout', suffix: 'none' });
    framer.push(Buffer.from('12'), 1);
    expect(framer.drain(5)).toEqual([{ kind: 'error', reason: 'unterminated', bytes: Buffer.from('12'), at: 5 }]);
    expect(framer.hasPending()).toBe(false);
  });
});
