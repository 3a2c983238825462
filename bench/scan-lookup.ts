// `npx tsx bench/scan-lookup.ts`: resolving scans at 200,000 products and 400,000 barcodes. Builds
// the demo catalog into a temp database, tops the barcodes up to 400,000 (ITF-14 package codes and
// weight-item codes, as a real mirror has), then resolves 100,000 scans of every kind a till sees and
// measures each call, next to the raw floor: a bare prepared `SELECT … FROM barcodes WHERE code = ?`
// on the same scans in the same run. Writes the "Scan lookup" section of docs/benchmarks.md.
import { writeReportSection } from './bench-support';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { findMigrationsFolder } from '../src-main/core/app/paths';
import { type AppDb, openDatabase } from '../src-main/core/db/open';
import { generateDemoCatalog } from '../src-main/core/demo/demo-catalog.service';
import { createSeededRandom, type SeededRandom } from '../src-main/core/demo/seeded-random';
import { GS } from '../src-main/core/devices/codes/gs1-ai';
import { withCheckDigit } from '../src-main/core/devices/codes/gtin';
import { parseScan } from '../src-main/core/devices/codes/scan-parse';
import { resolveScan, type ScanKind } from '../src-main/core/devices/codes/scan-resolve';

const productCount = Number(process.env.BENCH_PRODUCTS ?? 200_000);
const barcodeTarget = Number(process.env.BENCH_BARCODES ?? 400_000);
const scanCount = Number(process.env.BENCH_SCANS ?? 100_000);
const warmupScans = 5_000;
const seed = 1;
const goalP99Ms = 2;
const heading = '## Scan lookup';
const now = Date.UTC(2026, 0, 15, 9);

const scanKinds = [
  'EAN-13, known',
  'GTIN-14 form of a known EAN-13',
  'ITF-14 package, known',
  'marking code, GS intact',
  'marking code, GS lost',
  'marking code, Russian layout',
  'weight code (item barcode)',
  'unknown valid EAN-13',
  'misread (bad check digit)',
  'unknown Code 128 text',
] as const;
type BenchScanKind = (typeof scanKinds)[number];
type Scan = { kind: BenchScanKind; input: string; expected: ScanKind };

/** Share of each kind in the 100,000 scans: most scans at a till are plain EAN-13. */
const mix: Readonly<Record<BenchScanKind, number>> = {
  'EAN-13, known': 0.34,
  'GTIN-14 form of a known EAN-13': 0.08,
  'ITF-14 package, known': 0.06,
  'marking code, GS intact': 0.12,
  'marking code, GS lost': 0.08,
  'marking code, Russian layout': 0.02,
  'weight code (item barcode)': 0.1,
  'unknown valid EAN-13': 0.1,
  'misread (bad check digit)': 0.05,
  'unknown Code 128 text': 0.05,
};

const cset82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const usToRussian = new Map([...'qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM'].map((c, i) => [c, 'йцукенгшщзфывапролдячсмитьЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ'.charAt(i)]));

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const us = (ms: number) => (ms * 1000).toFixed(ms * 1000 < 10 ? 1 : 0);

function randomText(random: SeededRandom, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet.charAt(random.int(alphabet.length));
  return text;
}

/** Tops the demo barcodes up to the target: ITF-14 package codes, and "22 CCCCC 00000 K" weight-item codes. */
function addBarcodes(db: AppDb, target: number): { weightItems: string[]; packages: string[] } {
  const { sqlite } = db;
  const existing = Number(sqlite.prepare('SELECT count(*) FROM barcodes').pluck().get());
  const weighted = sqlite.prepare('SELECT id FROM products WHERE is_weighted = 1 ORDER BY id LIMIT 99999').pluck().all() as number[];
  const firstCodes = sqlite.prepare('SELECT product_id AS productId, min(code) AS code FROM barcodes GROUP BY product_id ORDER BY product_id').all() as { productId: number; code: string }[];
  const insert = sqlite.prepare('INSERT INTO barcodes (code, product_id, package_qty) VALUES (?, ?, ?)');
  // The FTS trigger rewrites the product's search row per inserted barcode; search is not measured
  // here, so this throwaway database skips it for the top-up (and puts it back afterwards).
  const trigger = String(sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'barcodes_fts_ai'").pluck().get());
  sqlite.exec('DROP TRIGGER barcodes_fts_ai');
  const weightItems: string[] = [];
  const packages: string[] = [];
  sqlite.transaction(() => {
    let added = 0;
    for (const [index, productId] of weighted.entries()) {
      if (existing + added >= target) break;
      const code = withCheckDigit(`22${String(index).padStart(5, '0')}00000`);
      insert.run(code, productId, 1000);
      weightItems.push(code);
      added += 1;
    }
    for (const { productId, code } of firstCodes) {
      if (existing + added >= target) break;
      if (!/^[0-9]{13}$/.test(code)) continue;
      const itf14 = withCheckDigit(`1${code.slice(0, 12)}`);
      insert.run(itf14, productId, 6000);
      packages.push(itf14);
      added += 1;
    }
  })();
  sqlite.exec(trigger);
  sqlite.exec('ANALYZE');
  return { weightItems, packages };
}

function pickScans(db: AppDb, extra: { weightItems: string[]; packages: string[] }): Scan[] {
  const random = createSeededRandom(20_260_115);
  const eans = db.sqlite.prepare("SELECT code FROM barcodes WHERE code LIKE '46%' AND length(code) = 13").pluck().all() as string[];
  const exists = db.sqlite.prepare('SELECT 1 FROM barcodes WHERE code = ?').pluck();
  const kinds: BenchScanKind[] = [];
  for (const kind of scanKinds) for (let i = 0; i < Math.round(mix[kind] * scanCount); i += 1) kinds.push(kind);
  // Shuffle so kinds interleave as at a real till (and caches see a mix).
  for (let i = kinds.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [kinds[i], kinds[j]] = [kinds[j] as BenchScanKind, kinds[i] as BenchScanKind];
  }
  const marking = (ean: string, isGsKept: boolean) => {
    const serial13 = randomText(random, cset82, 13);
    return random.chance(0.5)
      ? `01${`0${ean}`}21${randomText(random, cset82, 6)}${isGsKept ? GS : ''}93${randomText(random, cset82, 4)}`
      : `01${`0${ean}`}21${serial13}${isGsKept ? GS : ''}91${randomText(random, cset82, 4)}${isGsKept ? GS : ''}92${randomText(random, cset82, 44)}`;
  };
  return kinds.map((kind): Scan => {
    const ean = random.pick(eans);
    switch (kind) {
      case 'EAN-13, known':
        return { kind, input: ean, expected: 'product' };
      case 'GTIN-14 form of a known EAN-13':
        return { kind, input: `0${ean}`, expected: 'product' };
      case 'ITF-14 package, known':
        return { kind, input: random.pick(extra.packages), expected: 'product' };
      case 'marking code, GS intact':
        return { kind, input: `${random.chance(0.5) ? ']d2' : ''}${marking(ean, true)}`, expected: 'product' };
      case 'marking code, GS lost':
        return { kind, input: marking(ean, false), expected: 'product' };
      case 'marking code, Russian layout':
        return { kind, input: [...marking(ean, true)].map((c) => usToRussian.get(c) ?? c).join(''), expected: 'product' };
      case 'weight code (item barcode)': {
        const item = random.pick(extra.weightItems);
        return { kind, input: withCheckDigit(`${item.slice(0, 7)}${String(random.between(50, 5000)).padStart(5, '0')}`), expected: 'product' };
      }
      case 'unknown valid EAN-13': {
        let code = withCheckDigit(`47${randomText(random, '0123456789', 10)}`);
        while (exists.get(code) !== undefined) code = withCheckDigit(`47${randomText(random, '0123456789', 10)}`);
        return { kind, input: code, expected: 'unknown' };
      }
      case 'misread (bad check digit)':
        return { kind, input: `${ean.slice(0, 12)}${(Number(ean.at(-1)) + 1) % 10}`, expected: 'invalid' };
      case 'unknown Code 128 text':
        return { kind, input: `${randomText(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3)}-${randomText(random, cset82, random.between(3, 20))}`, expected: 'unknown' };
    }
  });
}

function main(): void {
  const loadBefore = loadavg()[0] ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'prilavok-bench-scan-'));
  const dbPath = join(dir, 'bench.db');
  const migrationsFolder = findMigrationsFolder(__dirname);
  try {
    say(`Generating ${productCount.toLocaleString('en-US')} products into ${dbPath} …`);
    let db = openDatabase({ path: dbPath, migrationsFolder });
    const generated = generateDemoCatalog(db, { products: productCount, seed, now });
    const extra = addBarcodes(db, barcodeTarget);
    const barcodeCount = Number(db.sqlite.prepare('SELECT count(*) FROM barcodes').pluck().get());
    const scans = pickScans(db, extra);
    db.close();
    const dbBytes = statSync(dbPath).size;
    say(`  ${generated.products.toLocaleString('en-US')} products, ${barcodeCount.toLocaleString('en-US')} barcodes, ${(dbBytes / 1_048_576).toFixed(1)} MiB`);

    // A fresh connection, as the app has; prepared statements are cached per connection.
    db = openDatabase({ path: dbPath, migrationsFolder });
    const options = { now };
    for (const scan of scans.slice(0, warmupScans)) resolveScan(db, scan.input, options);
    const floorStatement = db.sqlite.prepare('SELECT product_id, characteristic_id, package_qty FROM barcodes WHERE code = ?');
    for (const scan of scans.slice(0, warmupScans)) floorStatement.get(scan.input);

    // Each scan: the floor and ours back to back, so both see the same cache state and machine load.
    const ours: number[] = [];
    const floor: number[] = [];
    const parseOnly: number[] = [];
    const byKind = new Map<BenchScanKind, number[]>();
    const outcomes = new Map<BenchScanKind, { expected: number; total: number }>();
    for (const scan of scans) {
      let started = performance.now();
      floorStatement.get(scan.input);
      floor.push(performance.now() - started);
      started = performance.now();
      const result = resolveScan(db, scan.input, options);
      const ms = performance.now() - started;
      ours.push(ms);
      started = performance.now();
      parseScan(scan.input, options);
      parseOnly.push(performance.now() - started);
      const times = byKind.get(scan.kind) ?? [];
      times.push(ms);
      byKind.set(scan.kind, times);
      const outcome = outcomes.get(scan.kind) ?? { expected: 0, total: 0 };
      outcome.total += 1;
      if (result.kind === scan.expected) outcome.expected += 1;
      outcomes.set(scan.kind, outcome);
    }
    const rssMiB = process.memoryUsage().rss / 1_048_576;
    const sqliteVersion = String(db.sqlite.prepare('SELECT sqlite_version()').pluck().get());
    db.close();

    const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
    const o = sorted(ours);
    const f = sorted(floor);
    const p = sorted(parseOnly);
    const stat = (s: readonly number[]) => ({ p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN });
    const oursStat = stat(o);
    const floorStat = stat(f);
    const parseStat = stat(p);
    const expectedTotal = [...outcomes.values()].reduce((sum, x) => sum + x.expected, 0);
    const isPass = oursStat.p99 <= goalP99Ms && expectedTotal === scans.length;

    const cpuList = cpus();
    const kindRows = scanKinds.map((kind) => {
      const s = stat(sorted(byKind.get(kind) ?? []));
      const outcome = outcomes.get(kind) ?? { expected: 0, total: 0 };
      return `| ${kind} | ${outcome.total.toLocaleString('en-US')} | ${us(s.p50)} | ${us(s.p99)} | ${us(s.max)} | ${outcome.expected === outcome.total ? 'all' : `${outcome.expected}/${outcome.total}`} |`;
    });
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    const section = [
      heading,
      '',
      `Measured ${new Date().toISOString()} with \`npx tsx bench/scan-lookup.ts\` (\`BENCH_PRODUCTS\`, \`BENCH_BARCODES\`, \`BENCH_SCANS\` to change).`,
      '',
      `- Machine: ${cpuList[0]?.model ?? 'unknown CPU'} × ${cpuList.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
      `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpuList.length} cores`,
      `- Node ${process.version}, better-sqlite3 (SQLite ${sqliteVersion})`,
      `- Data: demo catalog, seed ${seed}: ${generated.products.toLocaleString('en-US')} products, ${barcodeCount.toLocaleString('en-US')} barcodes ` +
        `(${generated.barcodes.toLocaleString('en-US')} from the generator, then ${extra.packages.length.toLocaleString('en-US')} ITF-14 package codes and ` +
        `${extra.weightItems.length.toLocaleString('en-US')} weight-item codes "22 CCCCC 00000 K"; the top-up skips the FTS trigger, search is not measured here), ` +
        `${(dbBytes / 1_048_576).toFixed(1)} MiB`,
      `- ${scans.length.toLocaleString('en-US')} scans after ${warmupScans.toLocaleString('en-US')} warm-up scans, one connection, cached prepared statements; ` +
        'per scan the floor and `resolveScan` run back to back. Mix per kind in the table below.',
      '- Floor: `SELECT product_id, characteristic_id, package_qty FROM barcodes WHERE code = ?` on the scan text as received (one indexed lookup, nothing parsed).',
      '',
      '| measurement (µs) | p50 | p95 | p99 | max |',
      '|---|---|---|---|---|',
      `| \`resolveScan\` (parse + lookups) | ${us(oursStat.p50)} | ${us(oursStat.p95)} | ${us(oursStat.p99)} | ${us(oursStat.max)} |`,
      `| raw floor (bare indexed SELECT) | ${us(floorStat.p50)} | ${us(floorStat.p95)} | ${us(floorStat.p99)} | ${us(floorStat.max)} |`,
      `| ratio ours / floor | ${ratio(oursStat.p50, floorStat.p50)} | ${ratio(oursStat.p95, floorStat.p95)} | ${ratio(oursStat.p99, floorStat.p99)} | ${ratio(oursStat.max, floorStat.max)} |`,
      `| \`parseScan\` alone (no database) | ${us(parseStat.p50)} | ${us(parseStat.p95)} | ${us(parseStat.p99)} | ${us(parseStat.max)} |`,
      '',
      `Scans that resolved to the expected kind (product / unknown / invalid): ${expectedTotal.toLocaleString('en-US')} of ${scans.length.toLocaleString('en-US')}. RSS after: ${rssMiB.toFixed(0)} MiB.`,
      '',
      `**Goal: \`resolveScan\` p99 ≤ ${goalP99Ms} ms, every scan resolved as expected — ${isPass ? 'PASS' : 'FAIL'}** (p99 ${(oursStat.p99).toFixed(3)} ms).`,
      '',
      'By kind of scan (`resolveScan`, µs):',
      '',
      '| kind | n | p50 | p99 | max | expected kind |',
      '|---|---|---|---|---|---|',
      ...kindRows,
      '',
    ].join('\n');
    writeReportSection(heading, section);

    say('');
    say(`resolveScan p50 ${us(oursStat.p50)} µs, p95 ${us(oursStat.p95)} µs, p99 ${us(oursStat.p99)} µs, max ${us(oursStat.max)} µs`);
    say(`floor       p50 ${us(floorStat.p50)} µs, p95 ${us(floorStat.p95)} µs, p99 ${us(floorStat.p99)} µs, max ${us(floorStat.max)} µs`);
    say(`ratio p50 ${ratio(oursStat.p50, floorStat.p50)}, p99 ${ratio(oursStat.p99, floorStat.p99)}; parse alone p50 ${us(parseStat.p50)} µs, p99 ${us(parseStat.p99)} µs`);
    for (const row of kindRows) say(`  ${row}`);
    say(`expected outcomes ${expectedTotal}/${scans.length}; goal p99 ≤ ${goalP99Ms} ms: ${isPass ? 'PASS' : 'FAIL'}; written to docs/benchmarks.md`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
