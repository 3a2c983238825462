import { expect } from './fixtures';
import { connectAndPull, invoke, keepScreenshot, managerHostOptions, managerTest as test, managerTimeoutMs } from './manager-fixtures';
import { DashboardPage } from './pages/dashboard.page';
import { syncJobs } from './pages/sync.page';

test.describe('dashboard', () => {
  test('is the start screen and shows every warehouse first', async ({ shell, page }) => {
    const dashboard = new DashboardPage(page);
    await expect(dashboard.navLink).toHaveAttribute('aria-current', 'page');
    await expect(shell.title).toHaveText('Сводка');
    await expect(dashboard.kpi('products')).toBeVisible();
    await expect(dashboard.warehouse).toHaveValue('all');
  });
});

test.describe('dashboard against the 1C emulator', () => {
  test.use({ hostOptions: managerHostOptions });
  test.setTimeout(managerTimeoutMs);

  test('shows the pulled store: figures, healthy jobs, movers and a 7/30/90-day trend with rebuilt days dashed', async ({
    emulator,
    host,
    shell,
    settings,
    sync,
    page,
  }, testInfo) => {
    const dashboard = new DashboardPage(page);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    await dashboard.open();
    await expect(shell.title).toHaveText('Сводка');

    await expect(dashboard.kpi('products')).not.toHaveAttribute('data-value', '0');
    const inStockAll = await dashboard.kpiValue('products');
    expect(inStockAll).toBeGreaterThanOrEqual(store.products.length);
    expect(await dashboard.kpiValue('stock-value')).toBeGreaterThan(0);
    await expect(dashboard.kpi('stock-value')).toContainText('₽');
    await expect(dashboard.kpi('alerts')).toHaveAttribute('data-value', '0');
    await expect(dashboard.kpi('outbox')).toHaveAttribute('data-value', '0');
    await expect(dashboard.kpi('outbox').getByRole('link', { name: 'Документы' })).toHaveAttribute('href', '#/documents');
    await expect(dashboard.kpi('alerts').getByRole('link', { name: 'Оповещения' })).toHaveAttribute('href', '#/alerts');

    // Every pull job ran and succeeded.
    await expect(dashboard.syncJobs).toHaveCount(syncJobs.length);
    for (const job of syncJobs) await expect(page.locator(`[data-testid="dash-sync-job"][data-job="${job}"]`)).toHaveAttribute('data-state', 'ok');
    // The emulator's history has sales every day: the last week has movers.
    await expect(dashboard.movers.first()).toBeVisible();

    // A fresh database has no daily snapshots yet: the past is rebuilt from the ledger and drawn dashed.
    for (const days of [7, 30] as const) {
      await dashboard.chooseDays(days);
      await expect(dashboard.trend).toHaveAttribute('data-points', String(days));
    }
    expect(Number(await dashboard.trend.getAttribute('data-backfilled'))).toBeGreaterThan(0);
    await expect(dashboard.trend.locator('path[stroke-dasharray="6 4"]').first()).toBeAttached();
    await dashboard.chooseDays(90);
    expect(Number(await dashboard.trend.getAttribute('data-points'))).toBeGreaterThanOrEqual(30);
    await dashboard.chooseDays(30);
    await keepScreenshot(page, testInfo, 'dashboard');

    // One warehouse shows at most what all of them show.
    await dashboard.warehouse.selectOption(String(store.warehouse.id));
    await expect(dashboard.root).toHaveAttribute('data-generated-at', /\d+/);
    await expect.poll(() => dashboard.kpiValue('products')).toBeLessThanOrEqual(inStockAll);
    await dashboard.warehouse.selectOption('all');
  });

  test('updates live when a pull fires an alert, without reloading the page', async ({ emulator, host, shell, settings, sync, page }) => {
    const dashboard = new DashboardPage(page);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    const [product] = store.products;
    if (!product) throw new Error('no stocked product');
    // Set-up through the API: the rule editor has its own spec (alerts.e2e.ts).
    await invoke(page.request, host.origin, 'alerts.rules.create', {
      name: 'Живая сводка',
      scope: 'product',
      productId: product.id,
      warehouseId: store.warehouse.id,
      condition: 'below',
      threshold: 2000,
    });
    await dashboard.open();
    await expect(dashboard.kpi('alerts')).toHaveAttribute('data-value', '0');
    const alertItemsBefore = await page.locator('[data-testid="dash-activity-item"][data-kind="alert"]').count();
    // Proof that nothing below reloads the page: a mark that a reload would wipe.
    await page.evaluate('window.__dashboardMark = 1');

    emulator.mutate.setBalance(product.ref1c, null, store.warehouseRef, 0);
    await invoke(page.request, host.origin, 'sync.runNow', {});

    await expect(dashboard.kpi('alerts')).toHaveAttribute('data-value', '1', { timeout: 60_000 });
    await expect(page.locator('[data-testid="dash-activity-item"][data-kind="alert"]')).toHaveCount(alertItemsBefore + 1);
    await expect(page.getByTestId('nav-alerts-badge')).toHaveAttribute('data-count', '1');
    for (const job of syncJobs) await expect(page.locator(`[data-testid="dash-sync-job"][data-job="${job}"]`)).toHaveAttribute('data-state', 'ok');
    expect(await page.evaluate('window.__dashboardMark')).toBe(1);
  });
});
