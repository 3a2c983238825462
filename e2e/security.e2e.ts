import { expect, test } from './fixtures';

test.describe('navigation security', () => {
  test('the page carries a strict Content-Security-Policy', async ({ page, shell }) => {
    await shell.waitReady();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // The token must not stay in the address bar (history, screenshots, shoulder surfing).
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  });

  test('refuses requests without the token with 401', async ({ host }) => {
    const pageResponse = await fetch(`${host.origin}/`, { redirect: 'manual' });
    expect(pageResponse.status).toBe(401);

    const apiResponse = await fetch(`${host.origin}/api/invoke/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: {} }),
    });
    expect(apiResponse.status).toBe(401);
    expect(await apiResponse.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const wrongToken = await fetch(`${host.origin}/?token=${'x'.repeat(host.token.length)}`, { redirect: 'manual' });
    expect(wrongToken.status).toBe(401);

    // With the token the same call works: the 401s above are about the token, not a broken host.
    const login = await fetch(host.url, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const authorized = await fetch(`${host.origin}/api/invoke/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ input: {} }),
    });
    expect(authorized.status).toBe(200);
  });
});

test.describe('passwords', () => {
  test('the web version has no keychain: Settings says how to give the 1C password and offers no field', async ({ page, shell }) => {
    await shell.goTo('settings');
    await expect(page.getByTestId('onec-password-none')).toContainText('PRILAVOK_1C_PASSWORD');
    await expect(page.locator('input[type="password"]')).toHaveCount(0);
  });
});
