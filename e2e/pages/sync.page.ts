import { expect, type Locator, type Page } from '@playwright/test';

/** The order the Синхронизация screen lists jobs: the run order (movements before balances, D15; customers last, #8). */
export const syncJobs = [
  'warehouses',
  'units',
  'catalog',
  'characteristics',
  'barcodes',
  'priceTypes',
  'prices',
  'movements',
  'balances',
  'customers',
] as const;
export type SyncJob = (typeof syncJobs)[number];

export const countFields = ['fetched', 'inserted', 'updated', 'deleted', 'unchanged'] as const;

export type ProgressSeen = { appeared: boolean; wasDeterminate: boolean };

export type JobRow = {
  job: string;
  status: string;
  counts: Record<(typeof countFields)[number], number>;
  bytes: number;
};

export class SyncPage {
  readonly runNow: Locator;
  readonly progress: Locator;
  readonly result: Locator;
  readonly error: Locator;
  readonly notConfigured: Locator;
  readonly onecUrl: Locator;
  readonly jobRows: Locator;

  constructor(readonly page: Page) {
    this.runNow = page.getByTestId('sync-now');
    this.progress = page.getByTestId('sync-progress');
    this.result = page.getByTestId('sync-result');
    this.error = page.getByTestId('sync-error');
    this.notConfigured = page.getByTestId('sync-not-configured');
    this.onecUrl = page.getByTestId('sync-onec-url');
    this.jobRows = page.getByTestId('sync-job-row');
  }

  jobRow(job: SyncJob): Locator {
    return this.page.locator(`[data-testid="sync-job-row"][data-job="${job}"]`);
  }

  /**
   * Starts watching for the progress bar before the click. A fast pull can be over between two
   * polls of expect(), so a MutationObserver in the page records that the bar was ever attached.
   */
  async watchProgress(): Promise<() => Promise<ProgressSeen>> {
    // A script string: the e2e project is compiled without the DOM library.
    await this.page.evaluate(`(() => {
      const seen = { appeared: false, wasDeterminate: false };
      window.__syncProgressSeen = seen;
      const check = () => {
        const bar = document.querySelector('[data-testid="sync-progress"]');
        if (!bar) return;
        seen.appeared = true;
        if (bar.getAttribute('role') === 'progressbar' && bar.hasAttribute('aria-valuenow')) seen.wasDeterminate = true;
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
      check();
    })()`);
    return () => this.page.evaluate<ProgressSeen>('window.__syncProgressSeen');
  }

  /** Waits for the run to end: the result (ok or error) is shown and the button is usable again. */
  async waitFinished(timeoutMs = 120_000): Promise<void> {
    await expect(this.result.or(this.error)).toBeVisible({ timeout: timeoutMs });
    await expect(this.progress).toHaveCount(0);
    await expect(this.runNow).toBeEnabled();
  }

  async readJobRows(): Promise<JobRow[]> {
    return this.jobRows.evaluateAll((rows) =>
      rows.map((row) => {
        const value = (col: string): number => Number(row.querySelector(`[data-col="${col}"]`)?.getAttribute('data-value'));
        return {
          job: row.getAttribute('data-job') ?? '',
          status: row.getAttribute('data-status') ?? '',
          counts: {
            fetched: value('fetched'),
            inserted: value('inserted'),
            updated: value('updated'),
            deleted: value('deleted'),
            unchanged: value('unchanged'),
          },
          bytes: value('bytes'),
        };
      }),
    );
  }
}
