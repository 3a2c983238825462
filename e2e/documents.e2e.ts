import { expect, test } from './fixtures';
import { findEmulatorDocuments, type RunningEmulator, withOnecEmulator } from './onec-emulator.fixture';
import { type AppShell } from './pages/app-shell.page';
import { type SettingsPage } from './pages/settings.page';
import { type SyncPage } from './pages/sync.page';
import { openSeed, type ScannableProduct, type SeedWarehouse } from './seed-queries';

const onecUser = 'Администратор';
const onecPassword = 'e2e-Документы-7';

// Only the tests that ask for `emulator` start one (fixtures are lazy).
const withEmulator = test.extend<{ emulator: RunningEmulator }>({
  // eslint-disable-next-line no-empty-pattern
  emulator: async ({}, use, testInfo) => {
    await withOnecEmulator({ profile: 'ut11', products: 500, user: onecUser, password: onecPassword }, testInfo, use);
  },
});

type Store = { warehouse: SeedWarehouse; products: ScannableProduct[] };

/**
 * Points the app at the emulator and pulls everything, as on a store's first day; then reads the
 * synced database directly (not through the app) for a warehouse and products a clerk can scan.
 */
async function connectAndSync(
  { shell, settings, sync, emulator, dbPath }: { shell: AppShell; settings: SettingsPage; sync: SyncPage; emulator: RunningEmulator; dbPath: string },
  wantsStock: boolean,
): Promise<Store> {
  await shell.goTo('settings');
  await settings.setOnecConnection(emulator.url, emulator.user);
  await shell.goTo('sync');
  await expect(sync.runNow).toBeEnabled();
  await sync.runNow.click();
  await sync.waitFinished();
  await expect(sync.result).toHaveAttribute('data-state', 'ok');

  const db = openSeed(dbPath);
  try {
    // The warehouse where the most scannable products have stock: a shipment needs some.
    let best: Store | null = null;
    for (const warehouse of db.warehouses) {
      const products = db.scannable(warehouse.id).filter((p) => p.ref1c !== null && (!wantsStock || (p.qty >= 1000 && p.qty % 1000 === 0)));
      if (!best || products.length > best.products.length) best = { warehouse, products };
    }
    if (!best || best.products.length < 2) throw new Error('the synced database has too few scannable products');
    return best;
  } finally {
    db.close();
  }
}

test.describe('documents without 1C', () => {
  // A code the host does not know is refused as not_found (HTTP 404), which Chromium logs.
  test.use({ allowedConsoleErrors: [/status of 404 \(Not Found\)/] });

  test('an unknown barcode shows the error, adds nothing and keeps the scan field focused', async ({
    shell,
    seed,
    documents,
    editor,
  }) => {
    const warehouse = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
    if (!warehouse) throw new Error('the seed database has no warehouse');
    const [product] = seed.scannable(warehouse.id);
    if (!product) throw new Error('the seed database has no scannable product');
    const knownCodes = new Set(seed.products.flatMap((p) => p.barcodes));
    const unknownCode = '2999999999990';
    expect(knownCodes.has(unknownCode)).toBe(false);

    await shell.goTo('documents');
    await expect(shell.title).toHaveText('Документы');
    await expect(documents.empty).toBeVisible();
    await documents.create('receipt', { warehouseId: warehouse.id });
    await expect(editor.status).toHaveText('Черновик');
    await expect(editor.noLines).toBeVisible();
    await expect(editor.scanInput).toBeFocused();

    await editor.scan(unknownCode);
    await expect(editor.scanError).toBeVisible();
    // The host's own Russian sentence, not a generic failure.
    await expect(editor.scanError).toHaveText(/[А-Яа-яЁё]{3,}/);
    await expect(editor.scanInput).toBeFocused();
    await expect(editor.scanInput).toHaveValue('');
    await expect(editor.lines).toHaveCount(0);
    await expect(editor.noLines).toBeVisible();

    // The field is still usable: a known code adds a line, another unknown one changes nothing.
    await editor.scan(product.barcode);
    await expect(editor.scanError).toHaveCount(0);
    await expect(editor.scanFeedback).toContainText(product.name);
    await expect(editor.lines).toHaveCount(1);
    await expect(editor.line(product.id)).toHaveAttribute('data-qty', '1000');
    await editor.scan('НЕТ-ТАКОГО-КОДА');
    await expect(editor.scanError).toBeVisible();
    await expect(editor.scanInput).toBeFocused();
    await expect(editor.lines).toHaveCount(1);
    await expect(editor.line(product.id)).toHaveAttribute('data-qty', '1000');
  });

  test('lists drafts with their kind and filters them; a cancelled draft can no longer be edited', async ({
    shell,
    seed,
    documents,
    editor,
  }) => {
    const [from, to] = seed.warehouses;
    if (!from || !to) throw new Error('the seed database needs two warehouses');

    await shell.goTo('documents');
    await documents.create('writeoff', { warehouseId: from.id, comment: 'бой при разгрузке' });
    const writeoffId = await editor.id();
    await expect(shell.title).toContainText('Списание');
    await editor.back.click();
    await documents.create('transfer', { warehouseId: from.id, toWarehouseId: to.id });
    const transferId = await editor.id();
    await expect(shell.page.getByTestId('doc-to-warehouse')).toHaveValue(String(to.id));
    await editor.back.click();

    await expect(documents.rows).toHaveCount(2);
    await expect(documents.row(writeoffId).locator('[data-col="kind"]')).toHaveText('Списание');
    await expect(documents.row(transferId).locator('[data-col="kind"]')).toHaveText('Перемещение');
    await expect(documents.row(transferId).locator('[data-col="warehouse"]')).toHaveText(`${from.name} → ${to.name}`);
    await expect(documents.row(transferId).getByTestId('doc-status')).toHaveText('Черновик');

    await documents.kindFilter.selectOption('transfer');
    await expect(documents.rows).toHaveCount(1);
    await expect(documents.row(transferId)).toBeVisible();
    await documents.kindFilter.selectOption('all');
    await expect(documents.rows).toHaveCount(2);

    await documents.row(writeoffId).click();
    await editor.cancel.click();
    await shell.page.getByTestId('doc-cancel-confirm-confirm').click();
    await expect(editor.status).toHaveText('Отменён');
    await expect(editor.status).toHaveAttribute('data-status', 'cancelled');
    await expect(editor.scanInput).toHaveCount(0);
    await expect(editor.send).toHaveCount(0);

    await editor.back.click();
    await documents.statusFilter('cancelled').click();
    await expect(documents.rows).toHaveCount(1);
    await expect(documents.row(writeoffId)).toBeVisible();
    await documents.statusFilter('draft').click();
    await expect(documents.rows).toHaveCount(1);
    await expect(documents.row(transferId)).toBeVisible();
  });
});

test.describe('document settings', () => {
  test('keeps the negative-stock policy and checks the organization ref', async ({ shell, settings, page }) => {
    await shell.goTo('settings');
    const warn = page.getByTestId('negative-stock-warn');
    const block = page.getByTestId('negative-stock-block');
    await expect(warn).toBeChecked();
    await block.check();
    await expect(block).toBeChecked();

    const organization = page.getByTestId('onec-organization-ref');
    await organization.fill('не guid');
    await settings.save.click();
    await expect(settings.error).toContainText('GUID');
    await expect(organization).toHaveAttribute('aria-invalid', 'true');
    // 1C shows refs in lower case; an upper-case one pasted from elsewhere is the same ref.
    await organization.fill('0F8FAD5B-D9CB-469F-A165-70867728950E');
    await settings.save.click();
    await expect(settings.saved).toBeVisible();
    await expect(organization).toHaveValue('0f8fad5b-d9cb-469f-a165-70867728950e');

    await page.reload();
    await shell.waitReady();
    await shell.goTo('settings');
    await expect(block).toBeChecked();
    await expect(organization).toHaveValue('0f8fad5b-d9cb-469f-a165-70867728950e');
  });
});

withEmulator.describe('documents sent to the 1C emulator', () => {
  withEmulator.use({ hostOptions: { isEmptyDb: true, env: { PRILAVOK_1C_PASSWORD: onecPassword } } });
  // Emulator start (tsx) + a full pull on a two-core machine + the outbox round trip.
  withEmulator.setTimeout(180_000);

  withEmulator(
    'builds a receipt from scans, checks it against the expected quantities and posts it to 1C',
    async ({ emulator, host, shell, settings, sync, documents, editor, outbox }) => {
      const store = await connectAndSync({ shell, settings, sync, emulator, dbPath: host.dbPath }, false);
      const [first, second] = store.products;
      if (!first || !second) throw new Error('two products are needed');

      await shell.goTo('documents');
      await documents.create('receipt', { warehouseId: store.warehouse.id, comment: 'e2e: приёмка по накладной' });
      await expect(editor.status).toHaveText('Черновик');
      await expect(editor.check).toHaveAttribute('data-state', 'none');

      // Scanning the same code twice makes one line of 2, not two lines.
      await editor.scan(first.barcode);
      await expect(editor.scanFeedback).toContainText(first.name);
      await editor.scan(first.barcode);
      await editor.scan(second.barcode);
      await expect(editor.scanError).toHaveCount(0);
      await expect(editor.lines).toHaveCount(2);
      await expect(editor.line(first.id)).toHaveAttribute('data-qty', '2000');
      await expect(editor.line(first.id).getByTestId('line-qty')).toHaveValue('2');
      await expect(editor.line(second.id)).toHaveAttribute('data-qty', '1000');
      await expect(editor.totalQty).toHaveAttribute('data-value', '3000');

      // The invoice says 2 of the first (all there) and 3 of the second (two short).
      await editor.setCell(first.id, 'line-expected', '2', 2000);
      await editor.setCell(second.id, 'line-expected', '3', 3000);
      await expect(editor.scanInput).toBeFocused();
      await expect(editor.line(first.id).getByTestId('line-check')).toHaveText('совпадает');
      await expect(editor.line(second.id).getByTestId('line-check')).toHaveText('недостача');
      await expect(editor.check).toHaveAttribute('data-state', 'differs');
      await expect(editor.checkCount('match')).toHaveAttribute('data-value', '1');
      await expect(editor.checkCount('shortage')).toHaveAttribute('data-value', '1');
      await expect(editor.checkCount('overage')).toHaveAttribute('data-value', '0');
      await expect(editor.checkCount('unexpected')).toHaveAttribute('data-value', '0');
      await expect(editor.check.getByTestId('check-expected-total')).toHaveAttribute('data-value', '5000');
      await expect(editor.check.getByTestId('check-scanned-total')).toHaveAttribute('data-value', '3000');
      await expect(editor.check.getByTestId('check-difference')).toHaveAttribute('data-value', '-2000');

      // Purchase prices from the invoice; amounts in kopecks, shown as rubles.
      await editor.setCell(first.id, 'line-price', '123,45', 12345);
      await editor.setCell(second.id, 'line-price', '10', 1000);
      await expect(editor.line(first.id).getByTestId('line-amount')).toHaveAttribute('data-value', '24690');
      await expect(editor.line(first.id).getByTestId('line-amount')).toHaveText(/^246,90$/);
      await expect(editor.totalAmount).toHaveAttribute('data-value', '25690');

      await editor.send.click();
      await expect(editor.status).toHaveText('Проведён', { timeout: 60_000 });
      await expect(editor.status).toHaveAttribute('data-status', 'posted');
      await expect(editor.number1c).not.toHaveAttribute('data-value', '');
      const number1c = await editor.number1c.getAttribute('data-value');
      if (!number1c) throw new Error('no 1C number shown');
      await expect(editor.posted).toContainText(number1c);
      // Posted documents are read-only.
      await expect(editor.scanInput).toHaveCount(0);
      await expect(editor.line(first.id).getByTestId('line-qty')).toHaveText('2');

      // 1C itself holds the document under that number, posted, with the scanned quantities.
      const inOnec = await findEmulatorDocuments(emulator, 'Document_ПриобретениеТоваровУслуг', number1c);
      expect(inOnec).toHaveLength(1);
      expect(inOnec[0]?.Posted).toBe(true);
      const rows = (inOnec[0]?.['Товары'] ?? []) as Array<{ Номенклатура_Key: string; Количество: number; Цена: number }>;
      expect(rows.map((r) => [r.Номенклатура_Key, r.Количество, r.Цена])).toEqual([
        [first.ref1c, 2, 123.45],
        [second.ref1c, 1, 10],
      ]);

      await expect(outbox.queued).toHaveAttribute('data-value', '0');
      await editor.back.click();
      const row = documents.rows.first();
      await expect(row).toHaveAttribute('data-status', 'posted');
      await expect(row.locator('[data-col="number1c"]')).toHaveText(number1c);
      await expect(row.locator('[data-col="amount"]')).toHaveAttribute('data-value', '25690');

      // A second delivery checked against the receipt 1C now holds: expected quantities by its number.
      await documents.create('receipt', { warehouseId: store.warehouse.id });
      await editor.expectedNumber.fill(number1c);
      await editor.expectedLoad.click();
      await expect(editor.expectedResult).toHaveAttribute('data-lines', '2');
      await expect(editor.line(first.id)).toHaveAttribute('data-expected', '2000');
      await expect(editor.line(second.id)).toHaveAttribute('data-expected', '1000');
      await expect(editor.checkCount('shortage')).toHaveAttribute('data-value', '2');
      await editor.scan(first.barcode);
      await editor.scan(first.barcode);
      await editor.scan(second.barcode);
      await expect(editor.check).toHaveAttribute('data-state', 'matched');
      await expect(editor.checkCount('match')).toHaveAttribute('data-value', '2');
      await expect(editor.check.getByTestId('check-all-matched')).toBeVisible();
    },
  );

  withEmulator(
    'asks before taking stock below zero, shows 1C\'s refusal, and posts once the document is fixed',
    async ({ emulator, host, shell, settings, sync, documents, editor, outbox }) => {
      const store = await connectAndSync({ shell, settings, sync, emulator, dbPath: host.dbPath }, true);
      const [product] = store.products;
      if (!product) throw new Error('a product in stock is needed');
      const tooMany = product.qty / 1000 + 1;

      await shell.goTo('documents');
      await documents.create('shipment', { warehouseId: store.warehouse.id });
      await editor.scan(product.barcode);
      await editor.setCell(product.id, 'line-qty', String(tooMany), tooMany * 1000);

      // The policy is "warn": nothing is queued until the clerk confirms.
      await editor.send.click();
      await expect(editor.warnings).toBeVisible();
      await expect(editor.warnings.getByTestId('doc-warning').first()).toHaveText(/[А-Яа-яЁё]{3,}/);
      await expect(editor.status).toHaveAttribute('data-status', 'draft');
      await editor.warnings.getByTestId('doc-warnings-confirm').click();

      // 1C counts its own stock and refuses; its words are shown as they are.
      await expect(editor.status).toHaveText('Отклонён', { timeout: 60_000 });
      await expect(editor.rejectedMessage).toContainText('1С отказала:');
      await expect(editor.rejectedMessage).toContainText('недостаточно остатка');
      await expect(outbox.rejected).toHaveAttribute('data-value', '1');

      // Rejected documents stay editable: fix the quantity and send again.
      await editor.setCell(product.id, 'line-qty', '1', 1000);
      await editor.resend.click();
      await expect(editor.status).toHaveText('Проведён', { timeout: 60_000 });
      await expect(editor.number1c).not.toHaveAttribute('data-value', '');
      await expect(editor.rejected).toHaveCount(0);
      await expect(outbox.rejected).toHaveCount(0);
      const number1c = await editor.number1c.getAttribute('data-value');
      const inOnec = await findEmulatorDocuments(emulator, 'Document_РеализацияТоваровУслуг', number1c ?? '');
      expect(inOnec.map((d) => d.Posted)).toEqual([true]);
    },
  );
});

withEmulator.describe('the outbox with a wrong 1C password', () => {
  withEmulator.use({ hostOptions: { env: { PRILAVOK_1C_PASSWORD: 'не-тот-пароль' } } });
  withEmulator.setTimeout(120_000);

  withEmulator(
    'keeps the document queued and says why sending stopped, on every screen',
    async ({ emulator, shell, settings, seed, documents, editor, outbox }) => {
      const warehouse = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
      if (!warehouse) throw new Error('the seed database has no warehouse');
      const [product] = seed.scannable(warehouse.id);
      if (!product) throw new Error('the seed database has no scannable product');

      await shell.goTo('settings');
      await settings.setOnecConnection(emulator.url, emulator.user);
      await shell.goTo('documents');
      await documents.create('receipt', { warehouseId: warehouse.id });
      await editor.scan(product.barcode);
      await editor.setCell(product.id, 'line-price', '50', 5000);
      await editor.send.click();

      // 1C refuses the credentials: the queue pauses instead of retrying, and the document waits.
      await expect(outbox.paused).toBeVisible({ timeout: 30_000 });
      await expect(outbox.paused).toContainText('Отправка в 1С приостановлена');
      await expect(outbox.paused).toContainText(/парол/i);
      // The contract's reason for a refused password.
      await expect(outbox.paused, 'outbox.status paused.reason for HTTP 401').toHaveAttribute('data-reason', 'auth');
      await expect(outbox.queued).toHaveAttribute('data-value', '1');
      await expect(editor.status).toHaveAttribute('data-status', 'queued');
      await expect(editor.scanInput).toHaveCount(0);

      // Still the same answer when asked again; the banner stays on other screens too.
      await expect(outbox.sendNow).toBeEnabled();
      await outbox.sendNow.click();
      await expect(outbox.sendNow).toBeEnabled();
      await expect(outbox.paused).toBeVisible();
      await shell.goTo('stock');
      await expect(outbox.paused).toBeVisible();
      await expect(outbox.queued).toHaveAttribute('data-value', '1');
    },
  );
});
