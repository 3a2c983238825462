import { expect, type Locator, type Page } from '@playwright/test';

export type StockColumn = 'code' | 'article' | 'name' | 'unit' | 'barcode' | 'qty' | 'price' | 'asOf';
export type VisibleRow = { index: number; id: number; name: string; qty: number; barcode: string };

export class StockPage {
  readonly search: Locator;
  readonly total: Locator;
  readonly warehouse: Locator;
  readonly inStockOnly: Locator;
  readonly rows: Locator;
  readonly dataAsOf: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByTestId('stock-search');
    this.total = page.getByTestId('stock-total');
    this.warehouse = page.getByTestId('stock-warehouse');
    this.inStockOnly = page.getByTestId('stock-in-stock-only');
    this.rows = page.getByTestId('stock-row');
    this.dataAsOf = page.getByTestId('stock-data-as-of');
  }

  header(column: StockColumn): Locator {
    return this.page.locator(`[role="columnheader"][data-col="${column}"]`);
  }

  /** The total as a number once loaded, null while the first page is in flight. */
  async totalValue(): Promise<number | null> {
    const raw = await this.total.getAttribute('data-total');
    return raw === null ? null : Number(raw);
  }

  async expectTotal(expected: number): Promise<void> {
    await expect(this.total).toHaveAttribute('data-total', String(expected));
    // The visible text carries the same number, formatted for the locale (20 000 in Russian).
    await expect(this.total).toHaveText(new RegExp(String(expected).replace(/\B(?=(\d{3})+(?!\d))/g, '[\\s\\u00a0\\u202f,]?')));
  }

  async selectAllWarehouses(): Promise<void> {
    await this.warehouse.selectOption('all');
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    // The search is debounced; the query echoed on the total says which input the result is for.
    await expect(this.total).toHaveAttribute('data-query', new RegExp(`"search":${escapeRegExp(JSON.stringify(text.trim()))}`));
    await expect(this.total).toHaveAttribute('data-total', /\d+/);
  }

  /** Sorts by a column, clicking until the header reports the wanted direction. */
  async sortBy(column: StockColumn, direction: 'ascending' | 'descending'): Promise<void> {
    const header = this.header(column);
    for (let clicks = 0; clicks < 3; clicks += 1) {
      if ((await header.getAttribute('aria-sort')) === direction) return;
      await header.getByRole('button').click();
    }
    await expect(header).toHaveAttribute('aria-sort', direction);
  }

  /**
   * The loaded rows currently rendered, in table order. Rows are virtualised, so this is a window
   * of a few dozen, never the whole result.
   */
  async visibleRows(): Promise<VisibleRow[]> {
    await expect(this.page.getByTestId('stock-row-loading')).toHaveCount(0);
    const rows = await this.rows.evaluateAll((elements) =>
      elements.map((el) => ({
        index: Number(el.getAttribute('data-index')),
        id: Number(el.getAttribute('data-id')),
        name: el.querySelector('[data-col="name"]')?.textContent ?? '',
        qty: Number(el.querySelector('[data-col="qty"]')?.getAttribute('data-value')),
        barcode: el.querySelector('[data-col="barcode"]')?.getAttribute('data-value') ?? '',
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** A loaded row by product id, as rendered now. */
  row(id: number): Locator {
    return this.page.locator(`[data-testid="stock-row"][data-id="${id}"]`);
  }

  /** Waits until the first rows are exactly these product ids (the order settles after a reload). */
  async expectFirstIds(ids: number[]): Promise<void> {
    await expect
      .poll(async () => (await this.visibleRows()).slice(0, ids.length).map((r) => r.id))
      .toEqual(ids);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
