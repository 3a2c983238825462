// Acceptance (issue #5): printer bytes sent over a real serial link (a socat pseudo-terminal pair) and
// read back from the other end equal the golden files, for every language, template, size and dpi.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabel } from './render-label';
import { goldenCases } from './testing/golden-cases';
import { type PtyPair, readBytes, startPtyPair } from './testing/pty-pair';
import { sampleProduct } from './testing/sample-product';
import { writeToSerialPath } from './transports/serial.transport';

describe('labels over a serial port', () => {
  let dir: string;
  let pair: PtyPair;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prilavok-serial-golden-'));
    pair = await startPtyPair(dir);
  });
  afterAll(async () => {
    await pair.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = goldenCases();
  it('covers every language and size', () => {
    expect(new Set(cases.map((c) => c.language)).size).toBe(5);
    expect(new Set(cases.map((c) => c.size)).size).toBe(4);
  });

  it.each(cases.map((c) => [`${c.language} ${c.template} ${c.size} ${c.dpi}`, c] as const))('%s arrives byte for byte', async (_name, c) => {
    const golden = readFileSync(c.path);
    const bytes = renderLabel(sampleProduct, c.template, c.size, c.dpi, c.language);
    const received = readBytes(pair.host, golden.length);
    await writeToSerialPath({ path: pair.printer, baudRate: 9600 }, bytes);
    expect((await received).equals(golden)).toBe(true);
  });
});
