import { expect, type Locator, type Page } from '@playwright/test';

export type DocumentKind = 'receipt' | 'shipment' | 'transfer' | 'writeoff' | 'count';
export type DocumentStatus = 'draft' | 'queued' | 'sending' | 'posted' | 'rejected' | 'cancelled';

/** «Документы»: the list, its filters and the «Новый документ» dialog. */
export class DocumentsPage {
  readonly newButton: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly empty: Locator;
  readonly kindFilter: Locator;
  readonly queuedCount: Locator;
  readonly rejectedCount: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.newButton = page.getByTestId('doc-new');
    this.rows = page.getByTestId('doc-row');
    this.total = page.getByTestId('doc-total');
    this.empty = page.getByTestId('doc-list-empty');
    this.kindFilter = page.getByTestId('doc-filter-kind');
    this.queuedCount = page.getByTestId('doc-count-queued');
    this.rejectedCount = page.getByTestId('doc-count-rejected');
    this.dialog = page.getByTestId('doc-new-dialog');
  }

  statusFilter(status: DocumentStatus | 'all'): Locator {
    return this.page.getByTestId(`doc-filter-status-${status}`);
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="doc-row"][data-id="${id}"]`);
  }

  /**
   * Creates a document through the dialog as a clerk would and waits for its editor. The warehouse
   * is the dialog's default (the home store) unless one is named by id.
   */
  async create(kind: DocumentKind, options: { warehouseId?: number; toWarehouseId?: number; comment?: string } = {}): Promise<void> {
    await this.newButton.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByTestId(`doc-new-kind-${kind}`).check();
    const warehouse = this.dialog.getByTestId('doc-new-warehouse');
    if (options.warehouseId !== undefined) await warehouse.selectOption(String(options.warehouseId));
    else await expect(warehouse).not.toHaveValue('');
    if (options.toWarehouseId !== undefined) await this.dialog.getByTestId('doc-new-to-warehouse').selectOption(String(options.toWarehouseId));
    if (options.comment !== undefined) await this.dialog.getByTestId('doc-new-comment').fill(options.comment);
    await this.dialog.getByTestId('doc-new-submit').click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.page.getByTestId('doc-editor')).toBeVisible();
  }
}
