import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSocatPair } from '../src-main/core/devices/serial/socat-pair';
import { expect, test } from './fixtures';
import { ScanDesk } from './pages/scan-desk.page';
import { DevicesPage } from './pages/devices.page';
import { type ScannableProduct, type SeedDb } from './seed-queries';
import { GS, WedgeKeyboard } from './wedge-keyboard';

type DeviceFixtures = { devices: DevicesPage; wedge: WedgeKeyboard; printerDir: string };

const withDevices = test.extend<DeviceFixtures>({
  devices: async ({ page }, use) => {
    await use(new DevicesPage(page));
  },
  wedge: async ({ page }, use) => {
    const wedge = new WedgeKeyboard(page);
    await use(wedge);
    await wedge.dispose();
  },
  // eslint-disable-next-line no-empty-pattern
  printerDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'prilavok-e2e-printer-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
});

function scannable(seed: SeedDb): ScannableProduct[] {
  const home = seed.warehouses.find((w) => w.isHome) ?? seed.warehouses[0];
  if (!home) throw new Error('the seed database has no warehouse');
  const products = seed.scannable(home.id).filter((p) => /^\d{13}$/.test(p.barcode));
  if (products.length < 3) throw new Error('the seed database has too few scannable products');
  return products;
}

/** Waits until the printer's file holds more than `before` bytes and returns its content. */
async function printedBytes(path: string, before = 0): Promise<Buffer> {
  await expect.poll(async () => (await stat(path).catch(() => null))?.size ?? 0).toBeGreaterThan(before);
  return readFile(path);
}

withDevices.describe('devices', () => {
  withDevices(
    '«Проверить скан» shows what the scanner sent; calibration measures it and saves thresholds with a margin',
    async ({ shell, devices, wedge, page }) => {
      await shell.goTo('devices');
      await expect(shell.title).toHaveText('Устройства');

      // The dairy code of the design doc (§3.2), Russian layout, GS as Ctrl+]: decoded by key position.
      const dairy = `0104601234567893215w9EJp${GS}93abc1`;
      await wedge.scan(dairy, { layout: 'ru', gapMs: 6 });
      await expect(devices.checkText).toHaveAttribute('data-value', dairy);
      await expect(devices.checkText).toHaveText('0104601234567893215w9EJp␝93abc1');
      await expect(devices.checkTyped).toHaveText('0104601234567893215ц9УОз93фис1');
      // The Devices screen keeps its scans: no jump to the scan desk.
      await expect(shell.navLink('devices')).toHaveAttribute('aria-current', 'page');

      await devices.calibrationStart.click();
      await expect(devices.calibrationBarcode).toHaveAttribute('data-code', '4601234567893');
      for (let n = 1; n <= 3; n += 1) {
        await wedge.scan('4601234567893', { layout: 'ru', gapMs: 8 });
        await expect(devices.calibrationSamples).toHaveCount(n);
      }
      await expect(devices.calibration).toHaveAttribute('data-phase', 'done');
      const proposed = Number(await devices.calibrationProposal.getAttribute('data-max-inter-key-ms'));
      expect(proposed).toBeGreaterThanOrEqual(20);
      expect(proposed).toBeLessThanOrEqual(200);
      await expect(devices.calibrationProposal).toHaveAttribute('data-min-length', '6');
      await expect(devices.calibrationProposal).toHaveAttribute('data-enter', 'true');
      await devices.calibrationApply.click();
      await expect(devices.calibrationApplied).toBeVisible();
      await expect(devices.maxInterKey).toHaveValue(String(proposed));

      // Saved by the host: still there after a reload, and scans still read with the new thresholds.
      await page.reload();
      await shell.waitReady();
      await expect(devices.maxInterKey).toHaveValue(String(proposed));
      await wedge.scan('4601234567893', { layout: 'ru', gapMs: 6 });
      await expect(devices.checkText).toHaveAttribute('data-value', '4601234567893');
    },
  );

  withDevices('a printer that writes to a file prints a test label and shows the same label as a preview', async ({ shell, seed, devices, printerDir }) => {
    const [product] = scannable(seed);
    if (!product) throw new Error('no product');
    const file = join(printerDir, 'labels.prn');
    await shell.goTo('devices');
    await expect(devices.printers).toHaveCount(0);
    await devices.addPathPrinter('Xprinter у кассы', file, 'tspl');
    // The first printer becomes the default.
    await expect(devices.printers.first()).toHaveAttribute('data-default', 'true');

    await devices.testPrintSearch.fill(product.name);
    await devices.testPrintOptions.and(devices.page.locator(`[data-id="${product.id}"]`)).click();
    await expect(devices.page.getByTestId('test-print-product')).toHaveText(product.name);
    await expect(devices.testPrintPreview).toBeVisible();
    await expect.poll(() => devices.testPrintPreview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await devices.testPrintRun.click();
    await expect(devices.testPrintDone).toBeVisible();
    const bytes = await printedBytes(file);
    expect(Number(await devices.testPrintDone.getAttribute('data-bytes'))).toBe(bytes.length);
    // TSPL: the label size and a PRINT command, as the printer will get them.
    expect(bytes.toString('latin1')).toMatch(/SIZE 58 mm/);
    expect(bytes.toString('latin1')).toMatch(/PRINT 1/);
  });

  withDevices('«Печать ценников» from a document lists its products with editable copies, previews the first and prints', async ({
    shell,
    seed,
    devices,
    documents,
    editor,
    printerDir,
    page,
  }) => {
    const [first, second] = scannable(seed);
    if (!first || !second) throw new Error('no products');
    const file = join(printerDir, 'tags.prn');
    await shell.goTo('devices');
    await devices.addPathPrinter('Ценники', file, 'tspl');

    await shell.goTo('documents');
    await documents.create('receipt');
    await editor.scan(first.barcode);
    await editor.scan(second.barcode);
    await expect(editor.lines).toHaveCount(2);

    await page.getByTestId('doc-print-labels').click();
    const dialog = page.getByTestId('price-tags-dialog');
    await expect(dialog).toBeVisible();
    const rows = dialog.getByTestId('doc-labels-row');
    await expect(rows).toHaveCount(2);
    await expect(dialog.getByTestId('doc-labels-preview')).toBeVisible();
    const copies = rows.first().getByTestId('doc-labels-copies');
    await copies.fill('3');
    const total = dialog.getByTestId('doc-labels-total');
    const expectedTotal = 3 + Number(await rows.nth(1).getByTestId('doc-labels-copies').inputValue());
    await expect(total).toHaveAttribute('data-value', String(expectedTotal));
    await copies.fill('0');
    await expect(dialog.getByTestId('doc-labels-invalid')).toBeVisible();
    await expect(dialog.getByTestId('doc-labels-print')).toBeDisabled();
    await copies.fill('3');

    await dialog.getByTestId('doc-labels-print').click();
    await expect(dialog.getByTestId('doc-labels-printed')).toHaveAttribute('data-labels', String(expectedTotal));
    const bytes = await printedBytes(file);
    expect(bytes.toString('latin1')).toMatch(/PRINT/);
    await dialog.getByTestId('price-tags-close').click();
    await expect(dialog).toHaveCount(0);
  });

  withDevices('«Ценники для изменённых цен» says so when no price changed since the last pull', async ({ shell, devices }) => {
    await shell.goTo('devices');
    await devices.priceChanges.getByTestId('price-changes-load').click();
    await expect(devices.priceChanges.getByTestId('price-changes-empty').or(devices.priceChanges.getByTestId('price-changes-table'))).toBeVisible();
  });

  withDevices(
    'a serial scanner on a pseudo-terminal: its scans reach «Проверить скан» with GS intact and the scan desk with the product',
    async ({ shell, seed, devices, page, printerDir }) => {
      const [product] = scannable(seed);
      if (!product) throw new Error('no product');
      // A real PTY pair: the host opens one end as the scanner's COM port, the test writes scanner bytes into the other.
      const pair = await startSocatPair(printerDir);
      try {
        await shell.goTo('devices');
        await page.getByTestId('serial-add').click();
        const form = page.getByTestId('serial-form');
        await form.getByTestId('serial-form-name').fill('Сканер на складе');
        await form.getByTestId('serial-form-path').fill(pair.devicePath);
        await form.getByTestId('serial-form-suffix').selectOption('cr');
        await form.getByTestId('serial-form-save').click();
        const row = page.getByTestId('serial-scanner');
        await expect(row).toHaveCount(1);
        await expect(row).toHaveAttribute('data-state', 'connected');
        await expect(row.getByTestId('serial-scanner-state')).toHaveText('работает');

        const dairy = `0104601234567893215w9EJp${GS}93abc1`;
        await pair.write(`${dairy}\r`);
        await expect(devices.checkText).toHaveAttribute('data-value', dairy);
        await expect(devices.check.getByText('COM-сканер «scanner-1»')).toBeVisible();

        await shell.goTo('scan');
        const desk = new ScanDesk(page);
        await pair.write(`${product.barcode}\r`);
        await desk.waitAnswered(1);
        await expect(desk.result).toHaveAttribute('data-product-id', String(product.id));
        await expect(desk.productName).toHaveText(product.name);
        await expect(desk.result.getByTestId('scan-device')).toHaveText('COM-сканер «scanner-1»');
        expect(await desk.scanToRenderMs(1)).toBeGreaterThan(0);
      } finally {
        await pair.stop();
      }
    },
  );
});
