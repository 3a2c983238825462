import { expect } from './fixtures';
import { connectAndPull, keepScreenshot, managerHostOptions, managerTest as test, managerTimeoutMs, pullNow } from './manager-fixtures';
import { AlertsPage } from './pages/alerts.page';

test.describe('low-stock alerts against the 1C emulator', () => {
  test.use({ hostOptions: managerHostOptions });
  test.setTimeout(managerTimeoutMs);

  test('a rule made in the editor fires when a pull drops the product below its threshold: badge, centre, read', async ({
    emulator,
    host,
    shell,
    settings,
    sync,
    page,
  }, testInfo) => {
    const alerts = new AlertsPage(page);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    const [product] = store.products;
    if (!product) throw new Error('no stocked product');
    // Nothing fired during the first pull: there were no rules.
    await expect(alerts.badge).toHaveCount(0);

    const thresholdUnits = 3;
    expect(product.qty).toBeGreaterThan(thresholdUnits * 1000);
    await alerts.createRule({
      name: `Мало: ${product.name}`,
      productSearch: product.barcode,
      productId: product.id,
      warehouseId: store.warehouse.id,
      condition: 'below',
      threshold: String(thresholdUnits),
    });
    const ruleRow = alerts.ruleRows.filter({ hasText: `Мало: ${product.name}` });
    await expect(ruleRow).toHaveCount(1);
    await expect(ruleRow.locator('[data-col="condition"]')).toHaveText(`ниже ${thresholdUnits}`);
    // Above the threshold now: nothing matches, nothing fired.
    await expect(ruleRow.locator('[data-col="matching"]')).toHaveAttribute('data-value', '0');
    await expect(alerts.badge).toHaveCount(0);

    // In 1C the balance goes down to 1 (a write-off posted there); the app learns it on the next pull.
    const remainingUnits = 1;
    emulator.mutate.setBalance(product.ref1c, null, store.warehouseRef, remainingUnits);
    await pullNow(shell, sync);

    await expect(alerts.badge).toHaveAttribute('data-count', '1');
    await expect(alerts.badge.locator('[aria-hidden="true"]')).toHaveText('1');
    await expect(page.getByRole('link', { name: 'Оповещения Непрочитанных оповещений: 1' })).toBeVisible();

    await alerts.openTab('centre');
    const row = alerts.row(product.id);
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-unread', 'true');
    await expect(row.locator('[data-col="qty"]')).toHaveAttribute('data-new', String(remainingUnits * 1000));
    await expect(row.locator('[data-col="qty"]')).toHaveAttribute('data-old', String(product.qty));
    await expect(row.locator('[data-col="warehouse"]')).toHaveText(store.warehouse.name);
    await expect(row).toContainText(`Мало: ${product.name}`);
    await expect(page.getByTestId('alerts-unread-count')).toHaveAttribute('data-value', '1');
    await keepScreenshot(page, testInfo, 'alert-centre');

    // The history has the same alert, filtered by rule.
    await alerts.openTab('history');
    await expect(page.getByTestId('history-total')).toHaveAttribute('data-total', '1');

    await alerts.openTab('centre');
    await alerts.markAllRead.click();
    await expect(alerts.badge).toHaveCount(0);
    await expect(alerts.row(product.id)).toHaveAttribute('data-unread', 'false');

    // Still below the threshold after the next pull: no new alert (the condition did not become true again).
    await pullNow(shell, sync);
    await expect(alerts.badge).toHaveCount(0);
  });
});

test.describe('alert rule editor', () => {
  // The host answers an invalid input with 400, which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 400 \(Bad Request\)/] });

  test('shows the contract’s words next to the fields it refuses, and creates nothing', async ({ shell, page }) => {
    const alerts = new AlertsPage(page);
    await shell.waitReady();
    await alerts.openTab('rules');
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-save').click();
    // Name missing, product missing, threshold missing: each said where it belongs.
    await expect(page.getByTestId('rule-error-name')).toHaveText('укажите название правила');
    await expect(page.getByTestId('rule-error-productId')).toHaveText('выберите товар');
    await expect(page.getByTestId('rule-error-threshold')).toHaveText('укажите порог');
    await expect(page.getByTestId('rule-name')).toHaveAttribute('aria-invalid', 'true');

    await page.getByTestId('rule-threshold').fill('пять');
    await page.getByTestId('rule-save').click();
    await expect(page.getByTestId('rule-error-threshold')).toContainText('Порог — число');

    await page.getByTestId('rule-cancel').click();
    await expect(page.getByTestId('rules-empty')).toBeVisible();
  });
});
