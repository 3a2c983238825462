import { expect, type Locator, type Page } from '@playwright/test';

/** «Обмен CommerceML»: the folder's files, dry run / import, the progress bar and the report. */
export class ExchangePage {
  readonly folder: Locator;
  readonly folderHint: Locator;
  readonly files: Locator;
  readonly dryRun: Locator;
  readonly importButton: Locator;
  readonly progress: Locator;
  readonly report: Locator;
  readonly failed: Locator;
  readonly startError: Locator;

  constructor(readonly page: Page) {
    this.folder = page.getByTestId('cml-folder');
    this.folderHint = page.getByTestId('cml-folder-hint');
    this.files = page.getByTestId('cml-file');
    this.dryRun = page.getByTestId('cml-dry-run');
    this.importButton = page.getByTestId('cml-import');
    this.progress = page.getByTestId('cml-progress');
    this.report = page.getByTestId('cml-report');
    this.failed = page.getByTestId('cml-failed');
    this.startError = page.getByTestId('cml-start-error');
  }

  file(name: string): Locator {
    return this.page.locator(`[data-testid="cml-file"][data-name="${name}"]`);
  }

  count(kind: string, column: 'added' | 'changed' | 'removed' | 'unchanged'): Locator {
    return this.report.locator(`[data-testid="cml-count-row"][data-kind="${kind}"] [data-col="${column}"]`);
  }

  /** The report's number in one cell, once the report is shown. */
  async countValue(kind: string, column: 'added' | 'changed' | 'removed' | 'unchanged'): Promise<number> {
    await expect(this.report).toBeVisible();
    return Number(await this.count(kind, column).getAttribute('data-value'));
  }
}
