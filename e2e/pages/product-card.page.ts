import { type Locator, type Page } from '@playwright/test';

export class ProductCard {
  readonly root: Locator;
  readonly name: Locator;
  readonly code: Locator;
  readonly closeButton: Locator;
  readonly barcodes: Locator;
  readonly prices: Locator;
  readonly stockRows: Locator;
  readonly movements: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('product-card');
    this.name = this.root.getByTestId('product-card-name');
    this.code = this.root.getByTestId('product-card-code');
    this.closeButton = this.root.getByTestId('product-card-close');
    this.barcodes = this.root.getByTestId('product-card-barcode');
    this.prices = this.root.getByTestId('product-card-price');
    this.stockRows = this.root.getByTestId('product-card-stock');
    this.movements = this.root.getByTestId('product-card-movement');
  }

  /** Stock per warehouse as shown, quantities in thousandths. */
  async stock(): Promise<Array<{ warehouse: string; qty: number; asOf: string }>> {
    return this.stockRows.evaluateAll((rows) =>
      rows.map((row) => {
        const cells = row.querySelectorAll('td');
        return {
          warehouse: cells[0]?.textContent ?? '',
          qty: Number(cells[1]?.getAttribute('data-value')),
          asOf: cells[2]?.textContent ?? '',
        };
      }),
    );
  }
}
