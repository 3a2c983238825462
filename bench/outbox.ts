// `npx tsx bench/outbox.ts`: the outbox at 1,000 documents. The emulator runs in a child process
// (`prilavok emulator`), so this process's time and memory are the store's alone. A store database
// is synced from it, 1,000 receipts of 3 lines are created and queued the way `prilavok doc create`
// does it, then the real outbox sender sends them all. Every call of the 1C client is timed around
// its await, so the time spent waiting on 1C can be taken out of the wall time: what remains is our
// own overhead (SQLite, document reading, bodies, bookkeeping). Writes the "Outbox" section of
// docs/benchmarks.md (the other sections are left as they are).
import { startEmulatorProcess, writeReportSection } from './bench-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createQueuedDocument, type LineArg } from '../src-main/cli/commands/doc.command';
import { findMigrationsFolder } from '../src-main/core/app/paths';
import { createSeededRandom } from '../src-main/core/demo/seeded-random';
import { documentTransitions } from '../src-main/core/documents/document-sending.service';
import { silentLogger } from '../src-main/core/logging/logger';
import { stringLiteral } from '../src-main/core/onec/odata-query';
import { type OnecClient } from '../src-main/core/onec/onec';
import { createOnecClient } from '../src-main/core/onec/onec-client';
import { getProfile } from '../src-main/core/onec/profiles';
import { prilavokMarker } from '../src-main/core/outbox/document-body';
import { createOutboxSender } from '../src-main/core/outbox/outbox-sender';
import { openSyncedStore, stockedProducts } from '../src-main/core/outbox/testing/synced-store';

const documentCount = Number(process.env.BENCH_DOCUMENTS ?? 1_000);
const linesPerDocument = 3;
const productCount = Number(process.env.BENCH_PRODUCTS ?? 2_000);
const profileId = 'ut11';
const goalOverheadMs = 5;
const heading = '## Outbox';

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}


type CallTimes = { calls: number; ms: number };

/** The real client, with the duration of every call (around its await) added to `times`. */
function timing(client: OnecClient, times: CallTimes): OnecClient {
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      times.ms += performance.now() - started;
      times.calls += 1;
    }
  };
  return {
    get stats() {
      return client.stats;
    },
    getCollection: (path, query, options) => timed(() => client.getCollection(path, query, options)),
    forEachRow: (path, query, onRows, options) => timed(() => client.forEachRow(path, query, onRows, options)),
    write: (method, path, body, options) => timed(() => client.write(method, path, body, options)),
    getMetadata: (options) => timed(() => client.getMetadata(options)),
    close: () => client.close(),
  };
}


const mib = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const sec = (ms: number): string => (ms / 1000).toFixed(2);

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? 0;
  say(`starting the emulator (${profileId}, ${productCount.toLocaleString('en-US')} products) in a child process…`);
  const emulator = await startEmulatorProcess({ profile: profileId, products: productCount, warehouses: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'prilavok-bench-outbox-'));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const client = createOnecClient({ baseUrl: emulator.url, user: emulator.user, password: '' }, { logger: silentLogger });
  try {
    say('syncing the store database from it…');
    const db = await openSyncedStore({ baseUrl: emulator.url, user: emulator.user, password: '', profile: profileId }, join(dir, 'bench.db'), findMigrationsFolder(__dirname));
    try {
      const mainWarehouse = db.sqlite.prepare("SELECT name FROM warehouses WHERE name = 'Основной склад'").pluck().get() as string;
      const products = stockedProducts(db, db.sqlite.prepare('SELECT id FROM warehouses WHERE name = ?').pluck().get(mainWarehouse) as number, 1);
      if (products.length < linesPerDocument) throw new Error('the synced store has too few products with barcodes');
      const random = createSeededRandom(7);

      // (a) Create and queue locally, as `prilavok doc create` does (draft, lines, queue: one transaction each).
      say(`creating and queueing ${documentCount.toLocaleString('en-US')} receipts of ${linesPerDocument} lines…`);
      const createStarted = performance.now();
      for (let n = 1; n <= documentCount; n += 1) {
        const lines: LineArg[] = [];
        const offset = random.int(products.length);
        for (let i = 0; i < linesPerDocument; i += 1) {
          const product = products[(offset + i) % products.length] as (typeof products)[number];
          lines.push({ code: product.barcode, qty: random.between(1, 40) * 250, price: random.between(1_000, 500_000) });
        }
        createQueuedDocument(db, {
          kind: 'receipt',
          warehouse: mainWarehouse,
          to: null,
          lines,
          comment: `бенчмарк #${n}`,
          isNegativeAllowed: false,
          negativeStockPolicy: 'warn',
          now: Date.now(),
        });
      }
      const createMs = performance.now() - createStarted;
      say(`  ${sec(createMs)} s = ${(createMs / documentCount).toFixed(2)} ms per document`);

      // (b) Send them all: one drain, as the app's outbox controller runs it.
      const times: CallTimes = { calls: 0, ms: 0 };
      const documents = documentTransitions(db);
      const sender = createOutboxSender({
        db,
        documents,
        // The connection stays open across drains; the sender's close() is a no-op here.
        connect: () => Promise.resolve({ client: timing(client, times), profile: getProfile(profileId), organizationRef: null, close: () => Promise.resolve() }),
        logger: silentLogger,
        clock: Date.now,
      });
      // A warm-up request (outside the measurement), so the first send does not pay for the TCP connect.
      await client.getCollection(getProfile(profileId).warehouses.set, { top: 1 });
      const requestsBefore = client.stats.requests;
      say('sending them through the outbox…');
      const sendStarted = performance.now();
      for (let drains = 0; drains < 10; drains += 1) {
        const result = await sender.drain();
        if (result.state === 'idle') break;
        if (result.state === 'paused') throw new Error(`outbox paused: ${result.pause.message}`);
        await new Promise((done) => setTimeout(done, Math.max(0, result.until - Date.now())));
      }
      const wallMs = performance.now() - sendStarted;
      const requests = client.stats.requests - requestsBefore;
      const posted = db.sqlite.prepare("SELECT count(*) FROM documents WHERE status = 'posted'").pluck().get() as number;
      if (posted !== documentCount) throw new Error(`only ${posted} of ${documentCount} documents are posted`);
      const overheadMs = (wallMs - times.ms) / documentCount;
      say(`  ${sec(wallMs)} s wall, ${sec(times.ms)} s in ${times.calls} 1C calls; overhead ${overheadMs.toFixed(2)} ms per document`);

      // (c) 1C's side: every document there once, posted.
      const spec = getProfile(profileId).documents.receipt;
      if (!spec) throw new Error(`profile ${profileId} has no receipt document`);
      const inOnec = await client.getCollection(spec.set, { filter: `substringof(${stringLiteral(prilavokMarker(''))}, ${spec.comment})`, select: ['Ref_Key', 'Posted'] });
      const postedInOnec = inOnec.rows.filter((r) => r.Posted === true).length;
      if (inOnec.rows.length !== documentCount || postedInOnec !== documentCount) {
        throw new Error(`1C holds ${inOnec.rows.length} of our documents, ${postedInOnec} posted; expected ${documentCount}`);
      }

      const peak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
      const cpuList = cpus();
      const pass = overheadMs <= goalOverheadMs;
      const section = [
        heading,
        '',
        `Measured ${new Date().toISOString()} with \`npx tsx bench/outbox.ts\` (profile ${profileId}; \`BENCH_DOCUMENTS\`, \`BENCH_PRODUCTS\` to change).`,
        '',
        `- Machine: ${cpuList[0]?.model ?? 'unknown CPU'} × ${cpuList.length}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}, Node ${process.version}`,
        `- Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpuList.length} cores (the emulator shares them)`,
        `- 1C: the emulator in a child process (\`prilavok emulator --products ${productCount} --warehouses 3\`) over HTTP on 127.0.0.1, no faults, no added latency; ` +
          'the store is this process, with a SQLite database synced from the emulator on the temp disk',
        `- Documents: ${documentCount.toLocaleString('en-US')} receipts of ${linesPerDocument} lines (barcode, quantity, price), created and queued as \`prilavok doc create\` does (one transaction each), ` +
          'then sent by the outbox sender in one drain (create with our key, then Post)',
        '- Time in 1C: the sum of the durations of every 1C client call, measured around each await (HTTP, 1C\'s work, parsing the answer); ' +
          'overhead = (wall time of sending − time in 1C) / documents: SQLite transactions, reading the document, building the body, bookkeeping',
        '- Peak RSS: max of process.memoryUsage().rss sampled every 50 ms and the kernel\'s maxRSS, over the whole run (sync included)',
        '',
        '| measurement | value |',
        '|---|---|',
        `| create + queue locally, ${documentCount.toLocaleString('en-US')} documents | ${sec(createMs)} s = ${(createMs / documentCount).toFixed(2)} ms per document |`,
        `| send, wall time | ${sec(wallMs)} s = ${(wallMs / documentCount).toFixed(2)} ms per document |`,
        `| time in 1C calls | ${sec(times.ms)} s (${times.calls.toLocaleString('en-US')} calls) = ${(times.ms / documentCount).toFixed(2)} ms per document |`,
        `| our overhead per document | ${overheadMs.toFixed(2)} ms |`,
        `| requests per document | ${(requests / documentCount).toFixed(2)} (${requests.toLocaleString('en-US')} HTTP requests) |`,
        `| documents posted (store / 1C) | ${posted.toLocaleString('en-US')} / ${postedInOnec.toLocaleString('en-US')} |`,
        `| peak RSS | ${mib(peak)} MiB |`,
        '',
        'Goal:',
        '',
        `- our overhead ≤ ${goalOverheadMs} ms per document: **${pass ? 'PASS' : 'FAIL'}** (${overheadMs.toFixed(2)} ms)`,
        '',
      ].join('\n');
      writeReportSection(heading, section);
      say('');
      say(section);
    } finally {
      db.close();
    }
  } finally {
    clearInterval(sampler);
    await client.close();
    emulator.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
