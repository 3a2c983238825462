// The work a first load puts off (D32, D33) as steps for the run's idle-work queue: re-creating the
// indexes left out while tables were loaded from empty, and building the search index. A failed step
// logs and gives up; its marks stay in the database, so the run's end, the next run or the next
// opening of the database tries again.
import { type DeferrableTable, restoreDeferredIndexes, restoreNextDeferredIndex } from '../db/deferred-indexes';
import { type AppDb } from '../db/open';
import { toLogFormat } from '../errors/app-error';
import { type Logger } from '../logging/logger';
import { type IdleStep } from './idle-work';
import { buildSearchIndexChunk, rebuildDeferredSearchIndex } from './search-index';

export type PutOffWork = {
  /** Re-creates the put-off indexes of `tables`, one per step. */
  restoreIndexes(tables: readonly DeferrableTable[]): IdleStep;
  /** Builds the deferred search index, one chunk of products per step. */
  buildSearchIndex(): IdleStep;
  /** At the run's end: whatever is still put off, in one go. */
  finish(): void;
};

export function createPutOffWork(db: AppDb, logger: Logger): PutOffWork {
  /** `work()`, or `failed` after logging what it threw. */
  const guarded = <T>(what: string, work: () => T, failed: T): T => {
    try {
      return work();
    } catch (err) {
      logger.error(`${what} failed: ${toLogFormat(err)}`);
      return failed;
    }
  };
  return {
    restoreIndexes: (tables) => () =>
      guarded(
        're-creating deferred indexes',
        () => {
          const started = performance.now();
          const name = restoreNextDeferredIndex(db.sqlite, tables);
          if (name !== null) logger.info(`index ${name}, put off during the load, re-created in ${Math.round(performance.now() - started)} ms`);
          return name !== null;
        },
        false,
      ),
    buildSearchIndex: () => {
      let spentMs = 0;
      let chunks = 0;
      return () =>
        guarded(
          'search index build',
          () => {
            const started = performance.now();
            const outcome = buildSearchIndexChunk(db);
            spentMs += performance.now() - started;
            chunks += 1;
            if (outcome === 'done') logger.info(`search index built in ${Math.round(spentMs)} ms (${chunks} chunks)`);
            return outcome === 'more';
          },
          false,
        );
    },
    finish: () => {
      guarded(
        're-creating deferred indexes',
        () => {
          const names = restoreDeferredIndexes(db.sqlite);
          if (names.length > 0) logger.info(`indexes put off during the load re-created at the run's end: ${names.join(', ')}`);
        },
        undefined,
      );
      guarded(
        'search index build',
        () => {
          if (rebuildDeferredSearchIndex(db)) logger.info("search index finished at the run's end");
        },
        undefined,
      );
    },
  };
}
