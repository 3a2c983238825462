import { expect, test } from './fixtures';
import { countEmulatorProducts, type RunningEmulator, withOnecEmulator } from './onec-emulator.fixture';
import { countFields, syncJobs } from './pages/sync.page';

const onecUser = 'Администратор';
const onecPassword = 'e2e-Секрет-42';

// Only the tests that ask for `emulator` start one (fixtures are lazy).
const withEmulator = test.extend<{ emulator: RunningEmulator }>({
  // eslint-disable-next-line no-empty-pattern
  emulator: async ({}, use, testInfo) => {
    await withOnecEmulator({ profile: 'ut11', products: 2000, user: onecUser, password: onecPassword }, testInfo, use);
  },
});

test.describe('sync screen without a 1C connection', () => {
  test.use({ hostOptions: { isEmptyDb: true } });

  test('explains where to set the 1C address and keeps "sync now" disabled when nothing is configured', async ({
    shell,
    sync,
  }) => {
    await shell.goTo('sync');
    await expect(shell.title).toHaveText('Синхронизация');
    await expect(sync.notConfigured).toContainText('Настройки');
    await expect(sync.notConfigured).toContainText('PRILAVOK_1C_PASSWORD');
    await expect(sync.runNow).toBeDisabled();
    // Every job is listed even before the first run, as never run.
    await expect(sync.jobRows).toHaveCount(syncJobs.length);
    for (const job of syncJobs) await expect(sync.jobRow(job)).toHaveAttribute('data-status', 'never');
  });

});

test.describe('1C connection settings', () => {
  // The host answers a refused settings.set with HTTP 400, which Chromium logs.
  test.use({ hostOptions: { isEmptyDb: true }, allowedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test('shows the host\'s validation message for a malformed 1C address and saves a good one', async ({
    shell,
    settings,
    sync,
  }) => {
    await shell.goTo('settings');
    await settings.onecUrl.fill('не адрес');
    await settings.save.click();
    await expect(settings.error).toBeVisible();
    await expect(settings.error).toContainText('onecUrl');
    await expect(settings.saved).toHaveCount(0);

    await settings.syncSchedule.fill('каждые 15 минут');
    await settings.onecUrl.fill('http://1c.example/base/odata/standard.odata/');
    await settings.save.click();
    await expect(settings.error).toContainText('cron');
    await settings.syncSchedule.fill('*/30 * * * *');
    await settings.onecProfile.selectOption('retail3');
    await settings.save.click();
    await expect(settings.saved).toBeVisible();
    await expect(settings.error).toHaveCount(0);

    // Read back by another screen: the address reached the host, not just the form.
    await shell.goTo('sync');
    await expect(sync.onecUrl).toHaveText('http://1c.example/base/odata/standard.odata/');
    await shell.page.reload();
    await shell.waitReady();
    await shell.goTo('settings');
    await expect(settings.syncSchedule).toHaveValue('*/30 * * * *');
    await expect(settings.onecProfile).toHaveValue('retail3');
  });
});

withEmulator.describe('sync with the 1C emulator', () => {
  withEmulator.use({ hostOptions: { isEmptyDb: true, env: { PRILAVOK_1C_PASSWORD: onecPassword } } });
  // Emulator start (tsx) + a full pull of 2,000 products on a two-core machine.
  withEmulator.setTimeout(180_000);

  withEmulator(
    'pulls the whole catalog on "sync now" and shows it in the stock table and the product card',
    async ({ emulator, shell, settings, sync, stock, productCard }) => {
      const expectedProducts = await countEmulatorProducts(emulator);
      expect(expectedProducts).toBeGreaterThan(0);

      await shell.goTo('settings');
      await settings.setOnecConnection(emulator.url, emulator.user);

      await shell.goTo('sync');
      await expect(sync.onecUrl).toHaveText(emulator.url);
      await expect(sync.notConfigured).toHaveCount(0);
      await expect(sync.runNow).toBeEnabled();
      const progressSeen = await sync.watchProgress();
      await sync.runNow.click();
      await expect(sync.runNow).toBeDisabled();
      await sync.waitFinished();
      expect((await progressSeen()).appeared, 'the progress bar was shown during the run').toBe(true);
      await expect(sync.error).toHaveCount(0);
      await expect(sync.result).toHaveAttribute('data-state', 'ok');

      const rows = await sync.readJobRows();
      expect(rows.map((r) => r.job)).toEqual([...syncJobs]);
      for (const row of rows) {
        expect(row.status, `${row.job} status`).toBe('ok');
        for (const field of countFields) expect(Number.isInteger(row.counts[field]), `${row.job} ${field}`).toBe(true);
      }
      const catalog = rows.find((r) => r.job === 'catalog');
      // An empty database: every product pulled is an insert.
      expect(catalog?.counts.inserted).toBeGreaterThanOrEqual(expectedProducts);
      expect(catalog?.bytes).toBeGreaterThan(0);
      await expect(sync.jobRow('catalog').locator('[data-col="lastSuccess"]')).not.toHaveText('никогда');

      await shell.goTo('stock');
      await stock.selectAllWarehouses();
      await stock.expectTotal(expectedProducts);
      await expect(stock.dataAsOf).toHaveText(/^данные на (\d{1,2}:\d{2}|\d{2}\.\d{2}\.\d{4}, \d{1,2}:\d{2})$/);

      // A product with a barcode and some stock, so the card has something to prove.
      const visible = await stock.visibleRows();
      expect(visible.length).toBeGreaterThan(0);
      const product = visible.find((r) => r.barcode !== '' && r.qty > 0) ?? visible.find((r) => r.barcode !== '');
      if (!product) throw new Error('no visible product with a barcode after the sync');
      await stock.row(product.id).click();
      await expect(productCard.root).toBeVisible();
      await expect(productCard.name).toHaveText(product.name);
      await expect(productCard.barcodes.filter({ hasText: product.barcode })).toHaveCount(1);
      if (product.qty > 0) {
        await expect(productCard.stockRows.first()).toBeVisible();
        const perWarehouse = await productCard.stock();
        // The table's "all warehouses" quantity is the sum of what the card lists per warehouse.
        expect(perWarehouse.reduce((sum, row) => sum + row.qty, 0)).toBe(product.qty);
        for (const row of perWarehouse) expect(row.asOf).toMatch(/\d/);
      }

      // Esc closes it and the table is usable again.
      await shell.page.keyboard.press('Escape');
      await expect(productCard.root).toHaveCount(0);
    },
  );

  withEmulator.describe('with a wrong password', () => {
    withEmulator.use({
      hostOptions: { isEmptyDb: true, env: { PRILAVOK_1C_PASSWORD: 'не-тот-пароль' } },
      // A host may check the credentials before starting the run and refuse sync.runNow itself
      // (code erp → HTTP 422, which Chromium logs); the screen must show that just the same.
      allowedConsoleErrors: [/status of 422/],
    });

    withEmulator('shows 1C\'s refusal on the sync screen and stays usable', async ({ emulator, shell, settings, sync }) => {
      await shell.goTo('settings');
      await settings.setOnecConnection(emulator.url, emulator.user);
      await shell.goTo('sync');
      await expect(sync.runNow).toBeEnabled();
      await sync.runNow.click();
      await sync.waitFinished();
      await expect(sync.result).toHaveCount(0);
      await expect(sync.error).toContainText(/парол|логин|пользовател|авториз/i);
      // Nothing crashed: the app is still ready and another section opens.
      await shell.goTo('stock');
      await expect(shell.title).toHaveText('Остатки');
    });
  });
});
