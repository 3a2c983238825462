import { expect, test } from './fixtures';

test.describe('interface language', () => {
  test('switches the navigation and titles to English and back, and keeps the choice after reload', async ({
    page,
    shell,
    settings,
  }) => {
    await expect(shell.navLink('stock')).toHaveText('Остатки');
    await shell.goTo('settings');
    await expect(shell.title).toHaveText('Настройки');

    await settings.chooseLanguage('en');
    await expect(shell.navLink('stock')).toHaveText('Stock');
    await expect(shell.navLink('scan')).toHaveText('Scan desk');
    await expect(shell.title).toHaveText('Settings');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // Persisted through settings.set: a reload reads it back with settings.get.
    await page.reload();
    await shell.waitReady();
    await expect(shell.navLink('documents')).toHaveText('Documents');
    await expect(settings.language).toHaveValue('en');
    await shell.goTo('stock');
    await expect(page.locator('[role="columnheader"][data-col="name"]')).toHaveText(/Name/);

    await shell.goTo('settings');
    await settings.chooseLanguage('ru');
    await expect(shell.navLink('stock')).toHaveText('Остатки');
    await expect(shell.title).toHaveText('Настройки');
    await page.reload();
    await shell.waitReady();
    await expect(shell.navLink('alerts')).toHaveText('Оповещения');
  });
});
