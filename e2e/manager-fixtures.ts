// Shared by the issue #6 specs (dashboard, alerts, reports): a 1C emulator started in this worker,
// so a test can change balances "in 1C" through its mutation API between pulls, and a store that
// pulled everything from it, as on its first day.
import { type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { type OnecEmulator, startOnecEmulator } from '../src-main/onec-emulator/emulator';
import { expect, test } from './fixtures';
import { type AppShell } from './pages/app-shell.page';
import { type SettingsPage } from './pages/settings.page';
import { type SyncPage } from './pages/sync.page';
import { openSeed, type ScannableProduct, type SeedWarehouse } from './seed-queries';

export const onecUser = 'Администратор';
export const onecPassword = 'e2e-Оповещения-6';
/** Enough goods for a realistic replenishment list and trend, small enough for a quick pull. */
const emulatorProducts = 400;

export const managerTest = test.extend<{ emulator: OnecEmulator }>({
  // eslint-disable-next-line no-empty-pattern
  emulator: async ({}, use) => {
    const emulator = await startOnecEmulator({ profile: 'ut11', products: emulatorProducts, user: onecUser, password: onecPassword });
    try {
      await use(emulator);
    } finally {
      await emulator.close();
    }
  },
});

export const managerHostOptions = { isEmptyDb: true, env: { PRILAVOK_1C_PASSWORD: onecPassword } };

/** Emulator start + a full pull on a two-core machine + the screens. */
export const managerTimeoutMs = 240_000;

export type PulledStore = {
  warehouse: SeedWarehouse;
  /** The same warehouse's 1C ref, for the emulator's mutation API. */
  warehouseRef: string;
  others: Array<SeedWarehouse & { ref: string }>;
  /** Products without characteristics that have stock at the warehouse, most stock first. */
  products: Array<ScannableProduct & { ref1c: string }>;
  /** Every product without characteristics, stocked or not, by 1C ref. */
  byRef: ReadonlyMap<string, ScannableProduct>;
};

/** Opens Синхронизация, presses «Синхронизировать сейчас» and waits for a successful end. */
export async function pullNow(shell: AppShell, sync: SyncPage): Promise<void> {
  await shell.goTo('sync');
  await expect(sync.runNow).toBeEnabled();
  await sync.runNow.click();
  await sync.waitFinished();
  await expect(sync.result).toHaveAttribute('data-state', 'ok');
}

/**
 * Points the app at the emulator and pulls everything; then reads the synced database directly
 * (not through the app) for the warehouse with the most stocked products.
 */
export async function connectAndPull(
  { shell, settings, sync, emulator, dbPath }: { shell: AppShell; settings: SettingsPage; sync: SyncPage; emulator: OnecEmulator; dbPath: string },
  /** This warehouse instead of the best stocked one (a test that prepared its history in 1C). */
  warehouseName?: string,
): Promise<PulledStore> {
  await shell.goTo('settings');
  await settings.setOnecConnection(emulator.baseUrl, emulator.user);
  await pullNow(shell, sync);

  const snapshot = emulator.snapshot();
  const refOf = (name: string): string => {
    const found = snapshot.warehouses.find((w) => w.name === name);
    if (!found) throw new Error(`warehouse ${name} is not in the emulator`);
    return found.ref;
  };
  const db = openSeed(dbPath);
  try {
    let best: PulledStore | null = null;
    for (const warehouse of db.warehouses) {
      if (warehouseName !== undefined && warehouse.name !== warehouseName) continue;
      const all = db.scannable(warehouse.id);
      const products = all
        .filter((p): p is ScannableProduct & { ref1c: string } => p.ref1c !== null && p.qty >= 5000)
        .sort((a, b) => b.qty - a.qty || a.id - b.id);
      if (!best || products.length > best.products.length) {
        const others = db.warehouses.filter((w) => w.id !== warehouse.id).map((w) => ({ ...w, ref: refOf(w.name) }));
        const byRef = new Map(all.filter((p) => p.ref1c !== null).map((p) => [p.ref1c as string, p]));
        best = { warehouse, warehouseRef: refOf(warehouse.name), others, products, byRef };
      }
    }
    if (!best || best.products.length < 3) throw new Error('the pulled database has too few stocked products');
    return best;
  } finally {
    db.close();
  }
}

/**
 * Calls a channel the way the renderer's web transport does, with the page's auth cookie: for
 * setting up what a test is not about (the screen under test is always driven through the UI).
 */
export async function invoke<T>(request: APIRequestContext, origin: string, channel: string, input: unknown): Promise<T> {
  const response = await request.post(`${origin}/api/invoke/${encodeURIComponent(channel)}`, { data: { input } });
  const body = (await response.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new Error(`${channel} failed: ${body.error.code}: ${body.error.message}`);
  return body.value;
}

/** Tallest screenshot kept: the viewport grows to show a long screen whole, up to this. */
const maxScreenshotHeight = 4_000;

/**
 * Keeps a screenshot of the whole screen as a test artifact (the issue asks for them with realistic
 * data). The app scrolls inside its content column, not the page, so the viewport is made as tall
 * as that column for the shot and put back afterwards.
 */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const viewport = page.viewportSize();
  const height = Number(await page.evaluate('document.querySelector("main.content")?.scrollHeight ?? 0'));
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height + 60, maxScreenshotHeight) });
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  if (viewport) await page.setViewportSize(viewport);
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
