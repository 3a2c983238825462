// Users, PINs and roles in the real UI: the first admin, a cashier who cannot reach what is not
// theirs (and is refused by core when trying anyway), the lock, and the audit log with its CSV.
import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function addUser(page: Page, name: string, role: 'admin' | 'manager' | 'cashier' | null, pin: string): Promise<void> {
  await page.getByTestId('user-add').click();
  await page.getByTestId('user-name').fill(name);
  if (role !== null) await page.getByTestId('user-role').selectOption(role);
  await page.getByTestId('user-pin').fill(pin);
  await page.getByTestId('user-save').click();
  await expect(page.getByTestId(`user-row-${name}`)).toBeVisible();
}

async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId(`sign-in-user-${name}`).check();
  await page.getByTestId('sign-in-pin').fill(pin);
  await page.getByTestId('sign-in-submit').click();
}

test.describe('users and roles', () => {
  // Refused calls (wrong PIN, a cashier forcing an admin channel) answer 422.
  test.use({ allowedConsoleErrors: [/status of 422/] });

  test('the first admin, a cashier limited by role, the lock, and the audit log', async ({ page, shell }) => {
    await shell.goTo('settings');
    await expect(page.getByTestId('nav-open-mode')).toBeVisible();
    await addUser(page, 'Ольга', null, '73915264');
    await expect(page.getByTestId('nav-user-name')).toHaveText('Ольга');
    await addUser(page, 'Касса 1', 'cashier', '1357');
    await page.screenshot({ path: test.info().outputPath('users.png'), fullPage: true });

    await page.getByTestId('nav-sign-out').click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    await signIn(page, 'Касса 1', '0000');
    await expect(page.getByTestId('sign-in-error')).toContainText('Неверный PIN');
    await signIn(page, 'Касса 1', '1357');
    await shell.waitReady();
    await expect(page.getByTestId('nav-user-name')).toHaveText('Касса 1');
    for (const hidden of ['settings', 'reports', 'audit'] as const) await expect(shell.navLink(hidden)).toHaveCount(0);
    await expect(shell.navLink('stock')).toBeVisible();

    // Hiding is courtesy: the same call from this page is refused by core.
    const forced = await page.evaluate(async () => {
      const response = await fetch('/api/invoke/settings.set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ input: { stockTtlMinutes: 1 } }) });
      return (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
    });
    expect(forced).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('кассир не может менять настройки') } });

    await page.getByTestId('nav-lock').click();
    await expect(page.getByTestId('sign-in-locked')).toBeVisible();
    await page.getByTestId('sign-in-pin').fill('1357');
    await page.getByTestId('sign-in-submit').click();
    await shell.waitReady();

    await page.getByTestId('nav-sign-out').click();
    await signIn(page, 'Ольга', '73915264');
    await shell.waitReady();
    await shell.goTo('audit');
    const table = page.getByTestId('audit-table');
    await expect(table.locator('tr[data-action="auth.denied"]')).toHaveCount(1);
    await expect(table.locator('tr[data-action="auth.signInFailed"]')).toHaveCount(1);
    await expect(table.locator('tr[data-action="user.create"]')).toHaveCount(2);
    await page.getByTestId('audit-action').fill('auth.sign');
    await page.getByTestId('audit-apply').click();
    await expect(table.locator('tr[data-action="user.create"]')).toHaveCount(0);
    await expect(table.locator('tr[data-action="auth.signIn"]')).toHaveCount(3);
    await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('auth.signInFailed');
    expect(csv).not.toContain('user.create');
    expect(csv).not.toContain('1357');
  });
});
