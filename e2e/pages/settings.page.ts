import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;
  readonly onecUrl: Locator;
  readonly onecUser: Locator;
  readonly onecProfile: Locator;
  readonly stockTtl: Locator;
  readonly syncSchedule: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.language = page.getByTestId('language-select');
    this.onecUrl = page.getByTestId('onec-url');
    this.onecUser = page.getByTestId('onec-user');
    this.onecProfile = page.getByTestId('onec-profile');
    this.stockTtl = page.getByTestId('stock-ttl');
    this.syncSchedule = page.getByTestId('sync-schedule');
    this.save = page.getByTestId('onec-save');
    this.saved = page.getByTestId('onec-saved');
    this.error = page.getByTestId('onec-error');
  }

  async chooseLanguage(language: 'ru' | 'en'): Promise<void> {
    await this.language.selectOption(language);
  }

  /** Types the 1C address and user as a person would and saves; waits for the confirmation. */
  async setOnecConnection(url: string, user: string): Promise<void> {
    await this.onecUrl.fill(url);
    await this.onecUser.fill(user);
    await this.save.click();
    await expect(this.saved).toBeVisible();
  }
}
