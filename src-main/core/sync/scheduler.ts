// The schedule port: the sync service sees only `Scheduler`; node-cron stays behind this adapter
// (style B5: "node-cron only calls the service through a Scheduler port").
import cron from 'node-cron';
import { AppError } from '../errors/app-error';
import { type Logger, silentLogger } from '../logging/logger';

/** A running schedule. `stop` is idempotent; after it no further tick starts. */
export type Scheduler = {
  stop(): void;
  readonly expression: string;
};

/** Builds a schedule that calls `task` on every tick of a cron expression. */
export type SchedulerFactory = (expression: string, task: () => Promise<unknown>) => Scheduler;

/** True for expressions node-cron accepts (5 fields, or 6 with seconds first). */
export function isValidCronExpression(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * Starts calling `task` on the given cron expression (local time). Throws AppError 'validation'
 * (with node-cron's field errors in details) when the expression is invalid. A tick that finds the
 * previous task still running is skipped (noOverlap): a slow 1C must not pile up runs. A task that
 * rejects is logged and the schedule keeps going.
 */
export function createCronScheduler(
  expression: string,
  task: () => Promise<unknown>,
  options: { logger?: Logger } = {},
): Scheduler {
  const logger = options.logger ?? silentLogger;
  const detailed = cron.validateDetailed(expression);
  if (!detailed.valid) {
    const reasons = detailed.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new AppError('validation', `Неверное расписание «${expression}»: ${reasons || 'не разобрано'}`, {
      details: { expression, errors: detailed.errors },
    });
  }
  const scheduled = cron.schedule(
    expression,
    async () => {
      try {
        await task();
      } catch (err) {
        // The service records its own failures; this only keeps one bad tick from killing the schedule.
        logger.warn(`scheduled task failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    // unref: a pending tick must not keep a CLI process or a test worker alive.
    { noOverlap: true, unref: true, suppressMissedWarning: true },
  );
  let isStopped = false;
  return {
    expression,
    stop() {
      if (isStopped) return;
      isStopped = true;
      void scheduled.destroy();
    },
  };
}
