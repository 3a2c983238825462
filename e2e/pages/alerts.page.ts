import { expect, type Locator, type Page } from '@playwright/test';

export type NewRule = {
  name: string;
  /** Typed into the product search; the option with productId is picked. */
  productSearch: string;
  productId: number;
  warehouseId: number;
  condition: 'below' | 'above' | 'equals' | 'zero' | 'below_min';
  /** In units as a person types them ("3", "2,5"). */
  threshold?: string;
};

/** «Оповещения»: tabs, the alert centre, the rule editor, the navigation badge. */
export class AlertsPage {
  readonly navLink: Locator;
  readonly badge: Locator;
  readonly rows: Locator;
  readonly ruleRows: Locator;
  readonly dialog: Locator;
  readonly markAllRead: Locator;

  constructor(readonly page: Page) {
    this.navLink = page.getByTestId('nav-alerts');
    this.badge = page.getByTestId('nav-alerts-badge');
    this.rows = page.getByTestId('alert-row');
    this.ruleRows = page.getByTestId('rule-row');
    this.dialog = page.getByTestId('rule-dialog');
    this.markAllRead = page.getByTestId('alerts-mark-all-read');
  }

  tab(name: 'centre' | 'rules' | 'history' | 'delivery'): Locator {
    return this.page.getByTestId(`alerts-tab-${name}`);
  }

  async openTab(name: 'centre' | 'rules' | 'history' | 'delivery'): Promise<void> {
    if ((await this.navLink.getAttribute('aria-current')) !== 'page') await this.navLink.click();
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  row(productId: number): Locator {
    return this.page.locator(`[data-testid="alert-row"]:has([data-col="product"][data-product-id="${productId}"])`);
  }

  /** Fills the rule editor as a manager would and saves it; waits for the dialog to close. */
  async createRule(rule: NewRule): Promise<void> {
    await this.openTab('rules');
    await this.page.getByTestId('rule-new').click();
    await expect(this.dialog).toBeVisible();
    await this.page.getByTestId('rule-name').fill(rule.name);
    await this.page.getByTestId('rule-scope-product').check();
    await this.page.getByTestId('rule-product').fill(rule.productSearch);
    await this.page.locator(`[data-testid="rule-product-option"][data-id="${rule.productId}"]`).click();
    await expect(this.page.getByTestId('rule-product-picked')).toHaveAttribute('data-id', String(rule.productId));
    await this.page.getByTestId('rule-warehouse').selectOption(String(rule.warehouseId));
    await this.page.getByTestId('rule-condition').selectOption(rule.condition);
    if (rule.threshold !== undefined) await this.page.getByTestId('rule-threshold').fill(rule.threshold);
    await this.page.getByTestId('rule-save').click();
    await expect(this.dialog).toHaveCount(0);
  }
}
