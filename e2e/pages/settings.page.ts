import { type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;

  constructor(readonly page: Page) {
    this.language = page.getByTestId('language-select');
  }

  async chooseLanguage(language: 'ru' | 'en'): Promise<void> {
    await this.language.selectOption(language);
  }
}
