import { expect, type Locator, type Page } from '@playwright/test';
import { WedgeKeyboard } from '../wedge-keyboard';

/** One document: header, the scan field, lines, the expected-vs-scanned check and the actions. */
export class DocumentEditor {
  readonly root: Locator;
  readonly status: Locator;
  readonly localNumber: Locator;
  readonly number1c: Locator;
  readonly scanInput: Locator;
  readonly scanFeedback: Locator;
  readonly scanError: Locator;
  readonly productSearch: Locator;
  readonly searchOptions: Locator;
  readonly lines: Locator;
  readonly noLines: Locator;
  readonly totalQty: Locator;
  readonly totalAmount: Locator;
  readonly check: Locator;
  readonly send: Locator;
  readonly cancel: Locator;
  readonly posted: Locator;
  readonly rejected: Locator;
  readonly rejectedMessage: Locator;
  readonly resend: Locator;
  readonly warnings: Locator;
  readonly actionError: Locator;
  readonly back: Locator;
  readonly expectedNumber: Locator;
  readonly expectedLoad: Locator;
  readonly expectedResult: Locator;
  readonly expectedError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('doc-editor');
    this.status = this.root.locator('.page-header [data-testid="doc-status"]');
    this.localNumber = page.getByTestId('doc-local-number');
    this.number1c = page.getByTestId('doc-number-1c');
    this.scanInput = page.getByTestId('scan-input');
    this.scanFeedback = page.getByTestId('scan-feedback');
    this.scanError = page.getByTestId('scan-error');
    this.productSearch = page.getByTestId('product-search');
    this.searchOptions = page.getByTestId('product-search-option');
    this.lines = page.getByTestId('doc-line');
    this.noLines = page.getByTestId('doc-no-lines');
    this.totalQty = page.getByTestId('doc-total-qty');
    this.totalAmount = page.getByTestId('doc-total-amount');
    this.check = page.getByTestId('doc-check');
    this.send = page.getByTestId('doc-send');
    this.cancel = page.getByTestId('doc-cancel');
    this.posted = page.getByTestId('doc-posted');
    this.rejected = page.getByTestId('doc-rejected');
    this.rejectedMessage = page.getByTestId('doc-rejected-message');
    this.resend = page.getByTestId('doc-resend');
    this.warnings = page.getByTestId('doc-warnings');
    this.actionError = page.getByTestId('doc-action-error');
    this.back = page.getByTestId('doc-back');
    this.expectedNumber = page.getByTestId('expected-from-1c-number');
    this.expectedLoad = page.getByTestId('expected-from-1c-load');
    this.expectedResult = page.getByTestId('expected-from-1c-result');
    this.expectedError = page.getByTestId('expected-from-1c-error');
  }

  /** The document's id, from the editor (the same as in the address). */
  async id(): Promise<string> {
    const id = await this.root.getAttribute('data-id');
    if (!id) throw new Error('the editor shows no document id');
    return id;
  }

  /**
   * Types a code into the scan field the way a keyboard-wedge scanner does (characters, then
   * Enter) and waits until the host answered this scan (a success or an error message). A code a
   * US keyboard can type goes as a scanner's timed burst (the app's scan capture takes it, decoded
   * by key position); anything else (Cyrillic) is typed into the field and confirmed with Enter.
   */
  async scan(code: string): Promise<void> {
    await expect(this.scanInput).toBeFocused();
    const answers = this.page.getByTestId('scan-answers');
    const before = Number(await answers.getAttribute('data-answers'));
    if (WedgeKeyboard.canType(code)) {
      this.wedge ??= new WedgeKeyboard(this.page);
      await this.wedge.scan(code, { layout: 'us' });
    } else {
      await this.page.keyboard.type(code);
      await this.page.keyboard.press('Enter');
    }
    await expect(answers).toHaveAttribute('data-answers', String(before + 1));
  }

  private wedge: WedgeKeyboard | null = null;

  line(productId: number): Locator {
    return this.page.locator(`[data-testid="doc-line"][data-product-id="${productId}"]`);
  }

  /** Types into a line's cell and confirms with Enter, as a clerk would; waits for the saved value. */
  async setCell(productId: number, cell: 'line-qty' | 'line-expected' | 'line-price', text: string, savedValue: number | null): Promise<void> {
    const input = this.line(productId).getByTestId(cell);
    await input.click();
    await input.fill(text);
    await input.press('Enter');
    await expect(input).toHaveAttribute('data-value', savedValue === null ? '' : String(savedValue));
  }

  checkCount(state: 'match' | 'shortage' | 'overage' | 'unexpected'): Locator {
    return this.check.getByTestId(`check-${state}`);
  }
}
