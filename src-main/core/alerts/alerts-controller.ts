// The alerts machinery of one running app: evaluation soon after stock changes, the badge event,
// delivery of due alerts and their retries. create-core builds one and calls evaluateSoon() after
// every sync run and every documents.changed; everything else happens here.
import { type AlertChannel } from '../../../src-preload/contract/alerts';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { createDeliveries, createMissingDeliveries } from './alert-deliveries.repo';
import { getAlertEvent, unreadCount } from './alert-events.repo';
import { pruneCooldownMarks } from './alert-pairs.repo';
import { type DesktopNotifier, type MailTimeouts, type SmtpPasswordSource } from './delivery-channels';
import { createDeliverySender, type DeliveryRetry, type DeliveryRunResult, type TestDeliveryResult } from './delivery-sender';
import { type AlertSettingsService, createAlertSettingsService } from './delivery-settings.service';
import { checkpointAfterEvaluation, evaluateAlerts, type FiredAlert } from './evaluator';

export type AlertsControllerDeps = {
  db: AppDb;
  /** The delivery settings; default: a service of its own over the same row. */
  settings?: AlertSettingsService;
  events: EventBus;
  logger: Logger;
  clock: () => number;
  /** The host's OS notifications; null where there are none (web host, CLI). */
  notifier: DesktopNotifier;
  smtpPassword: SmtpPasswordSource;
  options?: {
    /** How long evaluateSoon() gathers calls before evaluating; default 200 ms (the issue allows a second). */
    debounceMs?: number;
    /** How often due retries (and marks left by another process) are looked for; default 15 s. */
    pollMs?: number;
    retry?: Partial<DeliveryRetry>;
    webhookTimeoutMs?: number;
    mailTimeouts?: MailTimeouts;
    random?: () => number;
  };
};

export type AlertsController = {
  settings: AlertSettingsService;
  /** Evaluates within debounceMs; any number of calls meanwhile make one evaluation. */
  evaluateSoon(): void;
  /** Evaluates now, emits 'alerts.changed' when alerts fired, starts their delivery; returns them. */
  evaluateNow(): Promise<FiredAlert[]>;
  /** Sends due deliveries; one run at a time (a call during a run joins it and makes it go round again). */
  deliverNow(): Promise<DeliveryRunResult>;
  testDelivery(channel: AlertChannel): Promise<TestDeliveryResult>;
  /** The badge changed without new alerts (alerts read): tells the windows. */
  announce(): void;
  /** Stops the timers and waits for the evaluation and delivery in flight. */
  close(): Promise<void>;
};

/** Cooldown marks past their rule's cooldown are dropped at most this often (after an evaluation). */
const pruneEveryMs = 60 * 60_000;

export function createAlertsController(deps: AlertsControllerDeps): AlertsController {
  const { db, events, logger, clock } = deps;
  const debounceMs = deps.options?.debounceMs ?? 200;
  const pollMs = deps.options?.pollMs ?? 15_000;
  const settings = deps.settings ?? createAlertSettingsService(db, logger, clock);
  const sender = createDeliverySender({
    db,
    logger,
    clock,
    settings,
    notifier: deps.notifier,
    smtpPassword: deps.smtpPassword,
    ...(deps.options?.retry ? { retry: deps.options.retry } : {}),
    ...(deps.options?.webhookTimeoutMs ? { webhookTimeoutMs: deps.options.webhookTimeoutMs } : {}),
    ...(deps.options?.mailTimeouts ? { mailTimeouts: deps.options.mailTimeouts } : {}),
    ...(deps.options?.random ? { random: deps.options.random } : {}),
  });

  let isClosed = false;
  let debounceTimer: NodeJS.Timeout | null = null;
  let evaluating: Promise<FiredAlert[]> | null = null;
  let delivering: Promise<DeliveryRunResult> | null = null;
  let isDeliveryRerunNeeded = false;
  let prunedAt: number | null = null;
  // Delivery rows of alerts that have none yet (createMissingDeliveries): on the first evaluation of
  // the session, for a crash of the last one between an evaluation's commit and its
  // createDeliveries, and on the next poll after a failed createDeliveries. Not in this constructor:
  // it would wait here for a write lock another process holds.
  let isDeliveryRepairNeeded = true;

  const repairDeliveries = (): void => {
    try {
      const made = createMissingDeliveries(db, clock());
      isDeliveryRepairNeeded = false;
      if (made > 0) logger.warn(`alerts: ${made} delivery row(s) made for alerts left without them`);
    } catch (err) {
      logger.error(`alerts: making missing delivery rows failed: ${toLogFormat(err)}`);
    }
  };

  const announce = (latestId: string | null): void => {
    events.emit('alerts.changed', { unread: unreadCount(db), latest: latestId === null ? null : getAlertEvent(db, latestId) });
  };

  const isDeliveryDue = (): boolean => {
    const next = sender.nextDueAt();
    return next !== null && next <= clock();
  };

  function evaluateNow(): Promise<FiredAlert[]> {
    // Evaluation itself is synchronous (one SQLite transaction), so two can never overlap; the
    // promise only lets close() and tests wait for the announcement and the delivery kick.
    const run = (async (): Promise<FiredAlert[]> => {
      if (isDeliveryRepairNeeded) repairDeliveries();
      let fired: FiredAlert[];
      try {
        fired = evaluateAlerts(db, clock);
      } catch (err) {
        // The transaction rolled back: the marks stay and the next poll tries again.
        logger.error(`alerts: evaluation failed: ${toLogFormat(err)}`);
        return [];
      }
      if (fired.length > 0) {
        logger.info(`alerts: ${fired.length} alert(s) fired`);
        try {
          announce(fired.at(-1)?.id ?? null);
        } finally {
          // Right after the announcement, before anything else runs on the connection: the alerts'
          // delivery rows, from their channels (if this fails or the process ends first, the alerts
          // still carry the channels and repairDeliveries makes the rows).
          try {
            createDeliveries(db, fired, clock());
          } catch (err) {
            isDeliveryRepairNeeded = true;
            logger.error(`alerts: making delivery rows failed (tried again on the next poll): ${toLogFormat(err)}`);
          }
        }
      }
      // Off the alert's path: the checkpoint of the evaluation's pages, then an hourly cleanup of
      // cooldown marks that decide nothing any more (alert_fired would otherwise keep a row for every
      // alert ever fired).
      try {
        checkpointAfterEvaluation(db);
      } catch (err) {
        // The WAL then grows until the next checkpoint; nothing is lost.
        logger.warn(`alerts: checkpoint after evaluation failed: ${toLogFormat(err)}`);
      }
      const now = clock();
      if (prunedAt === null || now < prunedAt || now - prunedAt >= pruneEveryMs) {
        prunedAt = now;
        try {
          pruneCooldownMarks(db, now);
        } catch (err) {
          logger.warn(`alerts: pruning cooldown marks failed: ${toLogFormat(err)}`);
        }
      }
      if (!isClosed && isDeliveryDue()) void deliverNow();
      return fired;
    })();
    evaluating = run;
    void run.finally(() => {
      if (evaluating === run) evaluating = null;
    });
    return run;
  }

  function evaluateSoon(): void {
    // Not a sliding debounce: the first call fixes the moment, so a stream of changes (a long pull
    // reporting page after page) cannot postpone alerts indefinitely.
    if (isClosed || debounceTimer !== null) return;
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      void evaluateNow();
    }, debounceMs);
  }

  function deliverNow(): Promise<DeliveryRunResult> {
    if (delivering) {
      isDeliveryRerunNeeded = true;
      return delivering;
    }
    const run = (async (): Promise<DeliveryRunResult> => {
      const total: DeliveryRunResult = { sent: 0, retried: 0, dead: 0 };
      try {
        do {
          isDeliveryRerunNeeded = false;
          const result = await sender.deliverDue();
          total.sent += result.sent;
          total.retried += result.retried;
          total.dead += result.dead;
        } while (isDeliveryRerunNeeded && !isClosed);
      } catch (err) {
        logger.error(`alerts: delivery run failed: ${toLogFormat(err)}`);
      }
      // Delivery statuses are shown in the history: let it reload (no new alert, so no toast).
      if (total.sent + total.retried + total.dead > 0 && !isClosed) announce(null);
      return total;
    })();
    delivering = run;
    void run.finally(() => {
      if (delivering === run) delivering = null;
    });
    return run;
  }

  const poll = setInterval(() => {
    if (isClosed) return;
    try {
      if (isDeliveryRepairNeeded) repairDeliveries();
      // Marks written by another process (a CLI pull) or left by a failed evaluation.
      const hasMarks = cachedStatement(db, 'SELECT EXISTS (SELECT 1 FROM alert_dirty)').pluck().get() === 1;
      if (hasMarks) evaluateSoon();
      else if (isDeliveryDue()) void deliverNow();
    } catch (err) {
      logger.error(`alerts: poll failed: ${toLogFormat(err)}`);
    }
  }, pollMs);
  // The poll alone must never keep a CLI or a test process alive.
  poll.unref();

  // Marks and deliveries left by the previous session.
  evaluateSoon();

  return {
    settings,
    evaluateSoon,
    evaluateNow,
    deliverNow,
    testDelivery: (channel) => sender.sendTest(channel),
    announce: () => announce(null),
    async close() {
      isClosed = true;
      clearInterval(poll);
      if (debounceTimer !== null) clearTimeout(debounceTimer);
      debounceTimer = null;
      await evaluating;
      await delivering;
    },
  };
}
