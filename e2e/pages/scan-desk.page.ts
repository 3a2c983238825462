import { expect, type Locator, type Page } from '@playwright/test';

/** «Касса/Сканирование»: the last scan large, the link-to-product panel and the history. */
export class ScanDesk {
  readonly root: Locator;
  readonly result: Locator;
  readonly empty: Locator;
  readonly productName: Locator;
  readonly price: Locator;
  readonly stock: Locator;
  readonly canonical: Locator;
  readonly format: Locator;
  readonly fields: Locator;
  readonly unknown: Locator;
  readonly invalid: Locator;
  readonly error: Locator;
  readonly linkOpen: Locator;
  readonly linkSearch: Locator;
  readonly linkOptions: Locator;
  readonly linked: Locator;
  readonly history: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('scan-desk');
    this.result = page.getByTestId('scan-result');
    this.empty = page.getByTestId('scan-empty');
    this.productName = this.result.getByTestId('scan-product-name');
    this.price = this.result.getByTestId('scan-price');
    this.stock = this.result.getByTestId('scan-stock');
    this.canonical = this.result.getByTestId('scan-canonical');
    this.format = this.result.getByTestId('scan-format');
    this.fields = this.result.getByTestId('scan-field');
    this.unknown = this.result.getByTestId('scan-unknown');
    this.invalid = this.result.getByTestId('scan-invalid');
    this.error = this.result.getByTestId('scan-error');
    this.linkOpen = page.getByTestId('scan-link-open');
    this.linkSearch = page.getByTestId('scan-link-search');
    this.linkOptions = page.getByTestId('scan-link-search-option');
    this.linked = page.getByTestId('scan-linked');
    this.history = page.getByTestId('scan-history-item');
  }

  /** The sequence number of the scan on screen (0 before the first). */
  async lastSeq(): Promise<number> {
    if ((await this.result.count()) === 0) return 0;
    return Number(await this.result.getAttribute('data-seq'));
  }

  /** Waits until scan number `seq` is on screen and answered (a product, unknown, invalid or an error). */
  async waitAnswered(seq: number): Promise<void> {
    await expect(this.result).toHaveAttribute('data-seq', String(seq));
    await expect(this.result).not.toHaveAttribute('data-state', 'resolving');
  }

  /** Scan-to-render of scan `seq` in ms, once the page measured it (the frame after the product was painted). */
  async scanToRenderMs(seq: number): Promise<number> {
    await expect(this.result).toHaveAttribute('data-measured-seq', String(seq));
    return Number(await this.result.getAttribute('data-scan-to-render-ms'));
  }
}
