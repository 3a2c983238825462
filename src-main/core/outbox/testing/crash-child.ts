// Test support for outbox-crash.test.ts: a store process that the test kills with SIGKILL at random
// moments. It creates documents one by one up to --total (each in ONE transaction, numbered «crash #n»
// in the comment; a restart counts those already in the database and goes on from there) while the
// real outbox sender drains continuously against 1C, and exits 0 once every one of them is posted.
//
//   node --import tsx crash-child.ts DB URL USER [--total 50] [--pace-ms 60] [--seed 1]
//   (password: PRILAVOK_1C_PASSWORD)
//
// stdout, one line each: «ready created=N posted=N recovered=N», «created #n», «done», or
// «rejected <number>: <1C's message>» (then exit 1: a document 1C refused never gets posted).
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type AppDb, openDatabase } from '../../db/open';
import { createSeededRandom } from '../../demo/seeded-random';
import { addByCode, setLine } from '../../documents/document-lines.service';
import { documentTransitions } from '../../documents/document-sending.service';
import { createDraft, queueDocument } from '../../documents/documents.service';
import { toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';
import { createOnecClient } from '../../onec/onec-client';
import { getProfile } from '../../onec/profiles';
import { repoMigrationsFolder } from '../../testing/temp-db';
import { createOutboxSender } from '../outbox-sender';
import { stockedProducts } from './synced-store';

const crashCommentPrefix = 'crash #';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { total: { type: 'string' }, 'pace-ms': { type: 'string' }, seed: { type: 'string' } },
});
const [dbPath, url, user] = positionals;
if (!dbPath || !url || !user) throw new Error('usage: crash-child DB URL USER [--total N] [--pace-ms N] [--seed S]');
const total = Number(values.total ?? 50);
const paceMs = Number(values['pace-ms'] ?? 60);
const random = createSeededRandom(Number(values.seed ?? 1));
const password = process.env.PRILAVOK_1C_PASSWORD ?? '';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message) => void process.stderr.write(`${message}\n`),
};

const db = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
const warehouseId = (name: string): number => db.sqlite.prepare('SELECT id FROM warehouses WHERE name = ?').pluck().get(name) as number;
const main = warehouseId('Основной склад');
const shop = warehouseId('Магазин на Ленина');
// Transfers move half a unit of products the main warehouse holds at least 20 of: with at most one
// transfer per product in a run of 50 documents, 1C never has a reason to refuse one.
const stocked = stockedProducts(db, main, 20_000);
const anyProducts = stockedProducts(db, main, 1);
if (stocked.length < 10 || anyProducts.length < 10) throw new Error('the synced store has too few stocked products');

const countCreated = (): number =>
  db.sqlite.prepare(`SELECT count(*) FROM documents WHERE comment LIKE '${crashCommentPrefix}%'`).pluck().get() as number;
const countPosted = (): number =>
  db.sqlite.prepare(`SELECT count(*) FROM documents WHERE comment LIKE '${crashCommentPrefix}%' AND status = 'posted'`).pluck().get() as number;

/** Document #n, the same on every run: every 5th a transfer, the others receipts of 1–3 lines with prices. */
function createDocument(database: AppDb, n: number): void {
  const content = createSeededRandom(n);
  const now = Date.now();
  database.sqlite
    .transaction(() => {
      const isTransfer = n % 5 === 0;
      const draft = createDraft(database, {
        kind: isTransfer ? 'transfer' : 'receipt',
        warehouseId: main,
        toWarehouseId: isTransfer ? shop : null,
        comment: `${crashCommentPrefix}${n}`,
        userId: null,
        now,
      });
      if (isTransfer) {
        const product = stocked[(n / 5) % stocked.length] as (typeof stocked)[number];
        addByCode(database, { documentId: draft.id, code: product.barcode, qty: 500, userId: null, now });
      } else {
        for (let i = 0, lines = content.between(1, 3); i < lines; i += 1) {
          const product = content.pick(anyProducts);
          const added = addByCode(database, { documentId: draft.id, code: product.barcode, qty: content.between(1, 20) * 250, userId: null, now });
          setLine(database, { documentId: draft.id, lineNo: added.lineNo, price: content.between(100, 99_999), userId: null, now });
        }
      }
      const queued = queueDocument(database, { documentId: draft.id, userId: null, now, allowNegative: true });
      if (queued.outcome !== 'queued') throw new Error(`document #${n} was not queued: ${queued.warnings.join('; ')}`);
    })
    .immediate();
}

const documents = documentTransitions(db);
const sender = createOutboxSender({
  db,
  documents,
  async connect() {
    // Fast in-line read retries and outbox backoff: the faults are frequent and the test is timed.
    const client = createOnecClient({ baseUrl: url, user, password }, { logger, retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 } });
    return { client, profile: getProfile('ut11'), organizationRef: null, close: () => client.close() };
  },
  logger,
  clock: Date.now,
  random: () => random.next(),
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
});

async function createAll(): Promise<void> {
  for (let n = countCreated() + 1; n <= total; n += 1) {
    createDocument(db, n);
    say(`created #${n}`);
    await sleep(Math.round(paceMs * (0.5 + random.next())));
  }
}

async function sendAll(): Promise<void> {
  for (;;) {
    const result = await sender.drain();
    const rejected = db.sqlite
      .prepare(`SELECT local_number AS localNumber, last_1c_message AS message FROM documents WHERE comment LIKE '${crashCommentPrefix}%' AND status = 'rejected'`)
      .get() as { localNumber: string; message: string } | undefined;
    if (rejected) {
      say(`rejected ${rejected.localNumber}: ${rejected.message}`);
      process.exit(1);
    }
    if (result.state === 'paused') throw new Error(`the outbox paused: ${result.pause.message}`);
    if (result.state === 'waiting') await sleep(Math.max(1, result.until - Date.now()));
    else if (countCreated() >= total && countPosted() >= total) return;
    else await sleep(5);
  }
}

async function run(): Promise<void> {
  const recovered = sender.recover();
  say(`ready created=${countCreated()} posted=${countPosted()} recovered=${recovered}`);
  await Promise.all([createAll(), sendAll()]);
  db.close();
  say('done');
}

run().catch((err: unknown) => {
  process.stderr.write(`${toLogFormat(err)}\n`);
  process.exit(2);
});
