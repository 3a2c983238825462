import { expect, type Locator, type Page } from '@playwright/test';

/** «Сводка», the start screen. */
export class DashboardPage {
  readonly root: Locator;
  readonly navLink: Locator;
  readonly warehouse: Locator;
  readonly trend: Locator;
  readonly activityItems: Locator;
  readonly syncJobs: Locator;
  readonly movers: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('dashboard');
    this.navLink = page.getByTestId('nav-dashboard');
    this.warehouse = page.getByTestId('dash-warehouse');
    this.trend = page.getByTestId('dash-trend');
    this.activityItems = page.getByTestId('dash-activity-item');
    this.syncJobs = page.getByTestId('dash-sync-job');
    this.movers = page.getByTestId('dash-mover');
  }

  kpi(name: 'products' | 'low-stock' | 'stock-value' | 'outbox' | 'alerts'): Locator {
    return this.page.getByTestId(`kpi-${name}`);
  }

  async open(): Promise<void> {
    await this.navLink.click();
    await expect(this.navLink).toHaveAttribute('aria-current', 'page');
    await expect(this.root).toBeVisible();
  }

  async kpiValue(name: Parameters<DashboardPage['kpi']>[0]): Promise<number> {
    return Number(await this.kpi(name).getAttribute('data-value'));
  }

  async chooseDays(days: 7 | 30 | 90): Promise<void> {
    await this.page.getByTestId(`dash-trend-days-${days}`).click();
    await expect(this.page.getByTestId(`dash-trend-days-${days}`)).toHaveAttribute('aria-pressed', 'true');
  }
}
