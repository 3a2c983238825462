// Test support for customer-crash.test.ts: a store process that the test kills with SIGKILL at random
// moments. It registers customers one by one up to --total («Краш-тест №n», each in ONE transaction
// with its outbox row; a restart counts those already in the database and goes on from there) while the
// real outbox sender drains continuously against 1C, and exits 0 once every one of them is in sync.
//
//   node --import tsx customer-crash-child.ts DB URL USER [--total 20] [--pace-ms 60] [--seed 1] [--profile ut11]
//   (password: PRILAVOK_1C_PASSWORD)
//
// stdout, one line each: «ready created=N synced=N recovered=N», «created #n», «done», or
// «rejected №n: <1C's message>» (then exit 1: a customer 1C refused never gets in sync).
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { customerFields } from '../../../../src-preload/contract/customers';
import { createCustomer } from '../../customers/customers.service';
import { openDatabase } from '../../db/open';
import { createSeededRandom } from '../../demo/seeded-random';
import { documentTransitions } from '../../documents/document-sending.service';
import { toLogFormat } from '../../errors/app-error';
import { type Logger } from '../../logging/logger';
import { createOnecClient } from '../../onec/onec-client';
import { getProfile } from '../../onec/profiles';
import { repoMigrationsFolder } from '../../testing/temp-db';
import { createOutboxSender } from '../outbox-sender';

export const crashNamePrefix = 'Краш-тест №';

/** Customer #n, the same on every run: a unique phone; every other one with a unique valid ИНН of a person. */
export function crashCustomer(n: number): { name: string; phone: string; inn: string } {
  const phone = `+7 900 ${String(n).padStart(7, '0').replace(/(\d{3})(\d{2})(\d{2})/, '$1-$2-$3')}`;
  if (n % 2 === 1) return { name: `${crashNamePrefix}${n}`, phone, inn: '' };
  // 12 digits: region 77, then n, then the two check digits of a person's ИНН.
  const digits = [...`77${String(n).padStart(8, '0')}`].map(Number);
  const check = (weights: number[]) => (weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0) % 11) % 10;
  digits.push(check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  digits.push(check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  return { name: `${crashNamePrefix}${n}`, phone, inn: digits.join('') };
}

function main(): void {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { total: { type: 'string' }, 'pace-ms': { type: 'string' }, seed: { type: 'string' }, profile: { type: 'string' } },
  });
  const [dbPath, url, user] = positionals;
  if (!dbPath || !url || !user) throw new Error('usage: customer-crash-child DB URL USER [--total N] [--pace-ms N] [--seed S] [--profile ut11|unf]');
  const total = Number(values.total ?? 20);
  const paceMs = Number(values['pace-ms'] ?? 60);
  const random = createSeededRandom(Number(values.seed ?? 1));
  const profile = getProfile(values.profile === 'unf' ? 'unf' : 'ut11');
  const password = process.env.PRILAVOK_1C_PASSWORD ?? '';
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message) => void process.stderr.write(`${message}\n`) };

  const db = openDatabase({ path: dbPath, migrationsFolder: repoMigrationsFolder });
  const count = (state: string | null): number =>
    db.sqlite.prepare(`SELECT count(*) FROM customers WHERE name LIKE '${crashNamePrefix}%'${state === null ? '' : ` AND sync_state = '${state}'`}`).pluck().get() as number;

  const sender = createOutboxSender({
    db,
    documents: documentTransitions(db),
    async connect() {
      // Fast in-line read retries and outbox backoff: the faults are frequent and the test is timed.
      const client = createOnecClient({ baseUrl: url, user, password }, { logger, retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 } });
      return { client, profile, organizationRef: null, close: () => client.close() };
    },
    logger,
    clock: Date.now,
    random: () => random.next(),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });

  const createAll = async (): Promise<void> => {
    for (let n = count(null) + 1; n <= total; n += 1) {
      const c = crashCustomer(n);
      createCustomer(db, customerFields.parse({ kind: 'person', name: c.name, phone: c.phone, inn: c.inn }), { userId: null, now: Date.now() });
      say(`created #${n}`);
      await sleep(Math.round(paceMs * (0.5 + random.next())));
    }
  };

  const sendAll = async (): Promise<void> => {
    for (;;) {
      const result = await sender.drain();
      const rejected = db.sqlite.prepare(`SELECT name, last_1c_message AS message FROM customers WHERE name LIKE '${crashNamePrefix}%' AND sync_state IN ('rejected', 'conflict')`).get() as
        | { name: string; message: string | null }
        | undefined;
      if (rejected) {
        say(`rejected ${rejected.name}: ${rejected.message ?? 'конфликт'}`);
        process.exit(1);
      }
      if (result.state === 'paused') throw new Error(`the outbox paused: ${result.pause.message}`);
      if (result.state === 'waiting') await sleep(Math.max(1, result.until - Date.now()));
      else if (count(null) >= total && count('synced') >= total) return;
      else await sleep(5);
    }
  };

  const recovered = sender.recover();
  say(`ready created=${count(null)} synced=${count('synced')} recovered=${recovered}`);
  Promise.all([createAll(), sendAll()])
    .then(() => {
      db.close();
      say('done');
    })
    .catch((err: unknown) => {
      process.stderr.write(`${toLogFormat(err)}\n`);
      process.exit(2);
    });
}

if (process.argv[1]?.endsWith('customer-crash-child.ts')) main();
