// Runs the outbox sender in the background for as long as the app runs: a drain when a document is
// queued, when 1C answers a sync, when the user presses "Отправить сейчас", and whenever the head of
// the queue becomes due again. One drain at a time. A 401 pauses sending until the credentials
// change or the user asks again (architecture §4).
import { customerSyncState, type OutboxStatus } from '../../../src-preload/contract';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { countOutbox, makeDueNow, readHeadRow } from '../outbox/outbox.repo';
import { createOutboxSender, type DocumentTransitions, type OutboxConnection, type OutboxPause, type OutboxSenderDeps } from '../outbox/outbox-sender';
import { type SettingsService } from '../settings/settings.service';
import { connectConfiguredOnec } from './onec-connection';
import { type SecretSource } from './sync-controller';

export type OutboxController = {
  /** Recovers rows a killed process left 'sending' and starts draining. */
  start(): void;
  /** A drain soon (coalesced with one already running). */
  kick(): void;
  /** Makes waiting documents due now, lifts a pause, and drains; resolves when that drain ends. */
  sendNow(): Promise<OutboxStatus>;
  status(): OutboxStatus;
  /** Resolves when no drain is running (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

export type OutboxControllerDeps = {
  db: AppDb;
  settings: SettingsService;
  secrets: SecretSource;
  events: EventBus;
  logger: Logger;
  clock: () => number;
  documents: DocumentTransitions;
  /** Tests may connect differently; default: the configured 1C (onec-connection.ts). */
  connect?: () => Promise<OutboxConnection>;
  retry?: OutboxSenderDeps['retry'];
  random?: () => number;
};

/** A timer never sleeps longer than this, so a changed clock or a lost kick cannot stall the queue. */
const maxSleepMs = 60_000;

export function createOutboxController(deps: OutboxControllerDeps): OutboxController {
  let pause: OutboxPause | null = null;
  let lastError: string | null = null;
  let running: Promise<void> | null = null;
  let isKickedWhileRunning = false;
  let timer: NodeJS.Timeout | null = null;
  let isStopped = false;
  const abort = new AbortController();

  // Documents wait in the queue while 1C is not set up; the pause says why (and clears on the next kick).
  const connect = deps.connect ?? (() => connectConfiguredOnec(deps));

  const sender = createOutboxSender({
    db: deps.db,
    documents: deps.documents,
    connect,
    logger: deps.logger,
    clock: deps.clock,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    onChange: (id) => {
      const row = deps.db.sqlite.prepare('SELECT status FROM documents WHERE id = ?').get(id) as { status: string } | undefined;
      if (row) deps.events.emit('documents.changed', { id, status: row.status as never });
      publish();
    },
    onCustomerChange: (id) => {
      const row = deps.db.sqlite.prepare('SELECT sync_state AS syncState FROM customers WHERE id = ?').get(id) as { syncState: string } | undefined;
      const parsed = customerSyncState.safeParse(row?.syncState);
      if (parsed.success) deps.events.emit('customers.changed', { id, syncState: parsed.data });
    },
  });

  const status = (): OutboxStatus => {
    const rows = deps.db.sqlite
      .prepare("SELECT status, count(*) AS n FROM documents WHERE status IN ('queued', 'sending', 'rejected') GROUP BY status")
      .all() as { status: string; n: number }[];
    const count = (s: string): number => rows.find((r) => r.status === s)?.n ?? 0;
    const head = readHeadRow(deps.db);
    const now = deps.clock();
    return {
      queued: count('queued'),
      sending: count('sending'),
      rejected: count('rejected'),
      paused: pause,
      nextAttemptAt: head !== null && head.nextAttemptAt > now ? head.nextAttemptAt : null,
      lastError: countOutbox(deps.db).pending > 0 ? lastError : null,
    };
  };

  function publish(): void {
    deps.events.emit('outbox.changed', status());
  }

  function schedule(atMs: number): void {
    if (isStopped) return;
    if (timer) clearTimeout(timer);
    const delay = Math.min(Math.max(0, atMs - deps.clock()), maxSleepMs);
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, delay);
    timer.unref();
  }

  function kick(): void {
    if (isStopped) return;
    if (running) {
      isKickedWhileRunning = true;
      return;
    }
    if (pause?.reason === 'auth') return;
    running = (async () => {
      try {
        do {
          isKickedWhileRunning = false;
          const result = await sender.drain(abort.signal);
          if (result.state === 'paused') {
            pause = result.pause;
            lastError = result.pause.message;
          } else {
            pause = null;
            if (result.state === 'waiting') {
              lastError = result.lastError || lastError;
              schedule(result.until);
            } else lastError = null;
          }
          publish();
        } while (isKickedWhileRunning && !isStopped && pause === null);
      } catch (err) {
        if (!abort.signal.aborted) {
          deps.logger.error(`outbox drain failed: ${toLogFormat(err)}`);
          schedule(deps.clock() + maxSleepMs);
        }
      }
    })().finally(() => {
      running = null;
    });
  }

  return {
    start() {
      const recovered = sender.recover();
      if (recovered > 0) deps.logger.info(`outbox: ${recovered} interrupted send(s) will be checked against 1C`);
      kick();
    },
    kick,
    async sendNow() {
      pause = null;
      makeDueNow(deps.db, deps.clock());
      await running;
      kick();
      await running;
      return status();
    },
    status,
    async idle() {
      while (running) await running;
    },
    async stop() {
      isStopped = true;
      if (timer) clearTimeout(timer);
      abort.abort(new Error('shutting down'));
      await running?.catch(() => undefined);
    },
  };
}
