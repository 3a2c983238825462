import { expect, type Locator, type Page } from '@playwright/test';

export const sections = ['dashboard', 'stock', 'documents', 'customers', 'scan', 'alerts', 'reports', 'exchange', 'sync', 'devices', 'audit', 'settings'] as const;
export type Section = (typeof sections)[number];

/** The frame around every screen: readiness, navigation and the page title. */
export class AppShell {
  readonly root: Locator;
  readonly title: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('[data-app-state]');
    this.title = page.getByTestId('page-title');
  }

  /** Opens the host's tokenised address (sets the auth cookie) and waits until the app is ready. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await expect(this.page.locator('[data-app-state="ready"]')).toBeVisible();
  }

  navLink(section: Section): Locator {
    return this.page.getByTestId(`nav-${section}`);
  }

  async goTo(section: Section): Promise<void> {
    await this.navLink(section).click();
    await expect(this.navLink(section)).toHaveAttribute('aria-current', 'page');
  }
}
