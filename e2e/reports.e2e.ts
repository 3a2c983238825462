import { readFile } from 'node:fs/promises';
import { type OnecEmulator } from '../src-main/onec-emulator/emulator';
import { expect } from './fixtures';
import { connectAndPull, keepScreenshot, managerHostOptions, managerTest as test, managerTimeoutMs } from './manager-fixtures';
import { ReportsPage } from './pages/reports.page';

const dayMs = 24 * 60 * 60 * 1000;
/** Days of sales history written into 1C before the first pull (inside the default 28-day window). */
const historyDays = 27;
const soldPerDayUnits = 2;
/** Far above any suggested minimum there: that store can spare some whatever its own levels. */
const plentyUnits = 500;

type Shortage = { ref: string; name: string };

/**
 * Writes a steady sales history into 1C for three pieces-counted products of the first store, then
 * sells them out there while the second store holds plenty: after one pull the app has 27 days of
 * sales to average and a reason to replenish. Everything is posted before the first pull because
 * movements are pulled by period: history written later, dated in the past, would not be pulled.
 */
function prepareShortages(emulator: OnecEmulator): { warehouseName: string; shortages: Shortage[] } {
  const snapshot = emulator.snapshot();
  const [here, other] = snapshot.warehouses;
  if (!here || !other) throw new Error('the emulator needs two warehouses');
  const withVariants = new Set(snapshot.characteristics.map((c) => c.ownerRef));
  const withBarcode = new Set(snapshot.barcodes.filter((b) => b.characteristicRef === null).map((b) => b.productRef));
  const pieces = new Map(snapshot.products.filter((p) => !p.isWeighted && !p.deletionMark && !withVariants.has(p.ref) && withBarcode.has(p.ref)).map((p) => [p.ref, p.name]));
  const needed = historyDays * soldPerDayUnits;
  const shortages = snapshot.balances
    .filter((b) => b.warehouseRef === here.ref && b.characteristicRef === null && b.qty >= needed && pieces.has(b.productRef))
    .slice(0, 3)
    .map((b) => ({ ref: b.productRef, name: pieces.get(b.productRef) ?? '' }));
  if (shortages.length < 3) throw new Error('the emulator has too few stocked products for the scenario');
  // 1C keeps periods to the second.
  const now = Math.floor(Date.now() / 1000) * 1000;
  for (let day = historyDays; day >= 1; day -= 1) {
    emulator.mutate.postMovement(shortages.map((p) => ({ productRef: p.ref, warehouseRef: here.ref, qty: -soldPerDayUnits, period: now - day * dayMs })));
  }
  for (const p of shortages) {
    emulator.mutate.setBalance(p.ref, null, here.ref, 0);
    emulator.mutate.setBalance(p.ref, null, other.ref, plentyUnits);
  }
  return { warehouseName: here.name, shortages };
}

test.describe('reports against the 1C emulator', () => {
  test.use({ hostOptions: managerHostOptions });
  test.setTimeout(managerTimeoutMs);

  test('replenishment lists what ran out with where to get it, exports CSV and makes a transfer and a supplier order', async ({
    emulator,
    host,
    shell,
    settings,
    sync,
    page,
  }, testInfo) => {
    const reports = new ReportsPage(page);
    const prepared = prepareShortages(emulator);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath }, prepared.warehouseName);
    const shortages = prepared.shortages.map((p) => {
      const product = store.byRef.get(p.ref);
      if (!product) throw new Error(`${p.name} was not pulled`);
      return product;
    });

    const accepted = await reports.acceptSuggestedLevels(store.warehouse.id);
    expect(accepted).toBeGreaterThan(0);

    await reports.openTab('replenishment');
    await page.getByTestId('replenishment-warehouse').selectOption(String(store.warehouse.id));
    for (const p of shortages) {
      const row = reports.replenishmentRow(p.id);
      await expect(row).toBeVisible();
      await expect(row.locator('[data-col="qty"]')).toHaveAttribute('data-value', '0');
      await expect(row).toHaveAttribute('data-availability', 'other_store');
      await expect(row.locator('[data-col="availability"]')).toContainText('есть в другом магазине');
      expect(Number(await row.locator('[data-col="orderQty"]').getAttribute('data-value'))).toBeGreaterThan(0);
    }
    await keepScreenshot(page, testInfo, 'replenishment-list');

    // «Экспорт CSV»: Excel-ready file with every row.
    const downloading = page.waitForEvent('download');
    await page.getByTestId('replenishment-export').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^replenishment-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"Код";"Наименование";"ABC";"Остаток";"Мин.";"Макс.";"Продаж в день";"Заказать";"Ед.";"Где взять";"Есть на складах"');
    expect(lines).toHaveLength((await reports.replenishmentRows.count()) + 1);
    const first = shortages[0];
    if (!first) throw new Error('no shortage');
    expect(text).toContain(`"${first.name.replaceAll('"', '""')}"`);

    // A transfer from the other store for the best seller.
    await reports.replenishmentRow(first.id).getByTestId('replenishment-select').check();
    await page.getByTestId('replenishment-transfer').click();
    await expect(reports.orderDialog).toBeVisible();
    await expect(page.getByTestId('order-from')).not.toHaveValue('');
    await expect(page.getByTestId('order-line')).toHaveCount(1);
    await page.getByTestId('order-confirm').click();
    const created = page.getByTestId('replenishment-created');
    await expect(created).toContainText('Перемещение');
    await page.getByTestId('replenishment-created-link').click();
    await expect(page.getByTestId('nav-documents')).toHaveAttribute('aria-current', 'page');
    await expect(shell.title).toContainText('Перемещение');

    // A supplier order for the next two.
    await reports.openTab('replenishment');
    await page.getByTestId('replenishment-warehouse').selectOption(String(store.warehouse.id));
    for (const p of shortages.slice(1)) await reports.replenishmentRow(p.id).getByTestId('replenishment-select').check();
    await page.getByTestId('replenishment-supplier').click();
    await expect(page.getByTestId('order-line')).toHaveCount(2);
    await page.getByTestId('order-confirm').click();
    await expect(page.getByTestId('replenishment-created')).toContainText('Заказ поставщику');
    await page.getByTestId('replenishment-created-link').click();
    await expect(shell.title).toContainText('Заказ поставщику');
  });

  test('reconciliation finds a 1C change that was not pulled yet and explains it', async ({ emulator, host, shell, settings, sync, page }, testInfo) => {
    const reports = new ReportsPage(page);
    const store = await connectAndPull({ shell, settings, sync, emulator, dbPath: host.dbPath });
    const [product] = store.products;
    if (!product) throw new Error('no stocked product');
    const takenUnits = 2;
    emulator.mutate.setBalance(product.ref1c, null, store.warehouseRef, product.qty / 1000 - takenUnits);

    await reports.openTab('reconciliation');
    await page.getByTestId('reconciliation-warehouse').selectOption(String(store.warehouse.id));
    await page.getByTestId('reconciliation-run').click();
    const row = reports.reconciliationRow(product.id);
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row.locator('[data-col="difference"]')).toHaveAttribute('data-value', String(-takenUnits * 1000));
    const parts = await row.locator('td.num[data-value]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    const [difference, pendingLocal, unpulled1c, unexplained] = parts;
    expect(difference).toBe(-takenUnits * 1000);
    // onecQty − displayedQty = −pendingLocal + unpulled1c + unexplained (the contract's identity).
    expect(-(pendingLocal ?? 0) + (unpulled1c ?? 0) + (unexplained ?? 0)).toBe(difference);
    await expect(row.locator('[data-col="explanation"]')).not.toBeEmpty();
    expect(Number(await page.getByTestId('reconciliation-totals').getAttribute('data-differences'))).toBeGreaterThanOrEqual(1);
    await keepScreenshot(page, testInfo, 'reconciliation');
  });
});
