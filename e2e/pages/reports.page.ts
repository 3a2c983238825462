import { expect, type Locator, type Page } from '@playwright/test';

export type ReportTab = 'replenishment' | 'levels' | 'abc' | 'reconciliation';

/** «Отчёты»: replenishment, min/max, ABC, reconciliation. */
export class ReportsPage {
  readonly navLink: Locator;
  readonly replenishmentRows: Locator;
  readonly reconciliationRows: Locator;
  readonly orderDialog: Locator;

  constructor(readonly page: Page) {
    this.navLink = page.getByTestId('nav-reports');
    this.replenishmentRows = page.getByTestId('replenishment-row');
    this.reconciliationRows = page.getByTestId('reconciliation-row');
    this.orderDialog = page.getByTestId('order-dialog');
  }

  async openTab(tab: ReportTab): Promise<void> {
    if ((await this.navLink.getAttribute('aria-current')) !== 'page') await this.navLink.click();
    await this.page.getByTestId(`reports-tab-${tab}`).click();
    await expect(this.page.getByTestId(`reports-panel-${tab}`)).toBeVisible();
  }

  replenishmentRow(productId: number): Locator {
    return this.page.locator(`[data-testid="replenishment-row"][data-id="${productId}"]`);
  }

  reconciliationRow(productId: number): Locator {
    return this.page.locator(`[data-testid="reconciliation-row"][data-id="${productId}"]`);
  }

  /** «Принять предложенные» for every product of the warehouse, confirmed. */
  async acceptSuggestedLevels(warehouseId: number): Promise<number> {
    await this.openTab('levels');
    await this.page.getByTestId('levels-warehouse').selectOption(String(warehouseId));
    await this.page.getByTestId('levels-accept-all').click();
    await this.page.getByTestId('levels-accept-confirm-confirm').click();
    const accepted = this.page.getByTestId('levels-accepted');
    await expect(accepted).toBeVisible();
    return Number(await accepted.getAttribute('data-value'));
  }
}
