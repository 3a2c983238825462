// The first-run wizard against the emulator over real HTTP, with the password in a real Secret
// Service (gnome-keyring in the host's own D-Bus session): a wrong password says so; a publication
// lacking sets shows them with the 1C code for its admin; once published, the connection is saved,
// the first sync runs and the store is chosen. Then a document goes to 1C, and every file the app
// wrote is searched for the password and the Authorization header: none may hold either.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from './fixtures';
import { basicAuth, withOnecEmulator } from './onec-emulator.fixture';

const user = 'Администратор магазина';
const password = 'Пароль-1С секрет 42';
const missing = ['Catalog_СтруктурныеЕдиницы', 'InformationRegister_ШтрихкодыНоменклатуры'];

async function invoke<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([name, body]) => {
      const response = await fetch(`/api/invoke/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ input: body }) });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [channel, input] as const,
  );
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message}`);
  return result.value as T;
}

function filesUnder(dir: string, skip: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.startsWith(skip));
}

test.describe('first-run wizard', () => {
  test.use({ hostOptions: { isEmptyDb: true, isOsKeychain: true }, allowedConsoleErrors: [/status of 422/] });

  test('wrong password, missing sets with the 1C code, then connected, synced, a document posted — and no secret on disk', async ({ page, shell, host }, testInfo) => {
    test.setTimeout(180_000);
    await withOnecEmulator({ profile: 'unf', products: 300, user, password, unpublished: missing }, testInfo, async (partial) => {
      await withOnecEmulator({ profile: 'unf', products: 300, user, password }, testInfo, async (full) => {
        await page.getByTestId('setup-banner-open').click();
        await expect(page.getByTestId('setup-wizard')).toBeVisible();
        await page.getByTestId('wizard-url').fill(partial.url);
        await page.getByTestId('wizard-user').fill(user);
        await page.getByTestId('wizard-password').fill('не тот пароль');
        await page.getByTestId('wizard-check').click();
        await expect(page.getByTestId('wizard-error')).toContainText(`отклонила логин или пароль пользователя «${user}»`);

        await page.getByTestId('wizard-password').fill(password);
        await page.getByTestId('wizard-check').click();
        await expect(page.getByTestId('wizard-detected')).toContainText('Управление нашей фирмой');
        for (const set of missing) await expect(page.getByTestId('wizard-missing')).toContainText(set);
        await expect(page.getByTestId('wizard-snippet-code')).toContainText('Метаданные.Справочники.Найти("СтруктурныеЕдиницы")');
        await expect(page.getByTestId('wizard-snippet-code')).toContainText('УстановитьСоставСтандартногоИнтерфейсаOData');
        await page.screenshot({ path: testInfo.outputPath('wizard-missing-sets.png'), fullPage: true });

        // The 1C admin published them (here: the complete publication of the same base).
        await page.getByTestId('wizard-url').fill(full.url);
        await page.getByTestId('wizard-check').click();
        await expect(page.getByTestId('wizard-nothing-missing')).toBeVisible();
        await page.getByTestId('wizard-apply').click();
        await expect(page.getByTestId('wizard-store')).toBeVisible();
        await expect(page.getByTestId('wizard-sync-done')).toBeVisible({ timeout: 90_000 });
        const home = page.getByTestId('wizard-home');
        await expect(home.locator('option')).not.toHaveCount(1);
        await home.selectOption({ index: 1 });
        await page.getByTestId('wizard-schedule').selectOption('*/30 * * * *');
        await page.screenshot({ path: testInfo.outputPath('wizard-store.png'), fullPage: true });
        await page.getByTestId('wizard-finish').click();
        await expect(shell.navLink('dashboard')).toHaveAttribute('aria-current', 'page');
        await expect(page.getByTestId('setup-banner')).toHaveCount(0);

        const secrets = await invoke<{ onecPasswordStored: boolean }>(page, 'secrets.status', {});
        expect(secrets.onecPasswordStored).toBe(true);
        const settings = await invoke<{ homeWarehouseId: number; syncSchedule: string; onecUrl: string }>(page, 'settings.get', {});
        expect(settings).toMatchObject({ onecUrl: full.url, syncSchedule: '*/30 * * * *' });

        // A document through the outbox: the sender reads the password from the keychain too.
        const products = await invoke<{ rows: Array<{ id: number }> }>(page, 'products.list', { limit: 1, offset: 0 });
        const document = await invoke<{ id: string }>(page, 'documents.create', { kind: 'receipt', warehouseId: settings.homeWarehouseId });
        await invoke(page, 'documents.addProduct', { id: document.id, productId: products.rows[0]?.id, qty: 3000 });
        await invoke(page, 'documents.send', { id: document.id });
        await expect
          .poll(async () => (await invoke<{ status: string }>(page, 'documents.get', { id: document.id })).status, { timeout: 60_000 })
          .toBe('posted');

        // «Экспорт диагностики» from Настройки: the zip has the logs and tables, and no secret either.
        await shell.goTo('settings');
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('diagnostics-export').click()]);
        const zip = unzipSync(new Uint8Array(readFileSync((await download.path()) ?? '')));
        expect(Object.keys(zip)).toEqual(expect.arrayContaining(['app.json', 'settings.json', 'sync-runs.csv', 'outbox.csv', 'audit-log.csv']));
        expect(Object.keys(zip).some((name) => name.startsWith('logs/'))).toBe(true);
        expect(strFromU8(zip['settings.json'] ?? new Uint8Array())).toContain(full.url);
        for (const [name, bytes] of Object.entries(zip)) {
          const text = strFromU8(bytes);
          for (const needle of [password, basicAuth(user, password).slice('Basic '.length)]) expect({ name, needle, found: text.includes(needle) }).toMatchObject({ found: false });
        }

        // Everything the app wrote (database, WAL, logs, $metadata cache); the keyring's own folder is
        // where the password belongs, encrypted, and is left out.
        const dataDir = dirname(host.dbPath);
        const needles = [password, basicAuth(user, password).slice('Basic '.length), Buffer.from(password).toString('base64'), 'не тот пароль'];
        const files = filesUnder(dataDir, join(dataDir, 'keyring-data'));
        expect(files.map((file) => relative(dataDir, file))).toEqual(expect.arrayContaining([expect.stringMatching(/\.db$/), expect.stringMatching(/^logs\//)]));
        for (const file of files) {
          const bytes = readFileSync(file);
          for (const needle of needles) expect({ file: relative(dataDir, file), needle, found: bytes.includes(Buffer.from(needle)) }).toMatchObject({ found: false });
          expect({ file: relative(dataDir, file), authorization: /authorization:\s*basic/i.test(bytes.toString('latin1')) }).toMatchObject({ authorization: false });
        }
      });
    });
  });
});
