import { describe, expect, it } from 'vitest';
import { createNavigationPolicy, externalOrigins } from './navigation-policy';

const rendererFileUrl = 'file:///opt/Prilavok/resources/app.asar/out/renderer/index.html';
const windowsRendererFileUrl = 'file:///C:/Program%20Files/Prilavok/resources/app.asar/out/renderer/index.html';
const devUrl = 'http://localhost:5173';

const packaged = createNavigationPolicy({ rendererFileUrl });
const development = createNavigationPolicy({ rendererFileUrl, devUrl });
const windows = createNavigationPolicy({ rendererFileUrl: windowsRendererFileUrl });

/** Everything a hostile or buggy page could ask for that is neither our page nor the allowlist. */
const hostile = [
  // other files on this machine or another (file://server/share is SMB on Windows)
  'file:///etc/passwd',
  'file:///opt/Prilavok/resources/app.asar/out/renderer/other.html',
  'file:///opt/Prilavok/resources/app.asar/out/renderer/index.html.evil',
  'file:///opt/Prilavok/resources/app.asar/out/renderer/',
  'file:///opt/Prilavok/resources/app.asar/out/renderer/assets/index.js',
  'file://evil.example/opt/Prilavok/resources/app.asar/out/renderer/index.html',
  'file:///opt/Prilavok/resources/app.asar/out%2Frenderer/index.html',
  'file:///opt/Prilavok/resources/app.asar/out/renderer/index.html?next=https://evil.example/',
  // script and opaque schemes
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'blob:http://localhost:5173/4f6e1c1a-0000-4000-8000-000000000000',
  'blob:file:///4f6e1c1a-0000-4000-8000-000000000000',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'view-source:file:///opt/Prilavok/resources/app.asar/out/renderer/index.html',
  'filesystem:http://localhost:5173/temporary/x',
  'ftp://its.1c.ru/',
  'mailto:admin@example.com',
  'ms-settings:privacy',
  // local servers: the web host's port, another app's port, the dev server's neighbours
  'http://127.0.0.1:5173/',
  'http://127.0.0.1:8080/',
  'http://localhost:51730/',
  'http://localhost:5174/',
  'http://localhost:5173.evil.example/',
  'http://localhost:5173@evil.example/',
  'https://localhost:5173/',
  'ws://localhost:5173/',
  // plain remote sites
  'https://evil.example/',
  'http://evil.example/',
  // not URLs at all
  '',
  'index.html',
  '//evil.example/',
  'http://',
  'https://[::1',
];

/** Near misses of the allowlist: each must be refused by window.open and by navigation. */
const lookalikes = [
  'http://its.1c.ru/', // not https
  'https://its.1c.ru.evil.example/',
  'https://its.1c.ru%2eevil.example/',
  'https://its.1c.ru./', // trailing dot: another origin to the browser
  'https://evil-its.1c.ru/',
  'https://sub.its.1c.ru/',
  'https://1c.ru/',
  'https://its.1c.ru:8443/',
  'https://its.1c.ru@evil.example/',
  'https://its.1c.ru:443@evil.example/',
  'https://user:pass@its.1c.ru/',
  'https://user@its.1c.ru/',
  'https://its.1c.ru.',
  'https://xn--its-.1c.ru/',
  'https://іts.1c.ru/', // Cyrillic і: punycode, another host
  'https://evil.example/https://its.1c.ru/',
  'https://evil.example/?https://its.1c.ru/',
  'https://evil.example#https://its.1c.ru/',
  'javascript://its.1c.ru/%0aalert(1)',
  'blob:https://its.1c.ru/4f6e1c1a-0000-4000-8000-000000000000',
  'data:text/html;https://its.1c.ru/',
];

describe('navigation policy: the window itself', () => {
  it('allows the renderer page and any hash route of it', () => {
    for (const url of [rendererFileUrl, `${rendererFileUrl}#/documents`, `${rendererFileUrl}#/documents/42`, `${rendererFileUrl}#`]) {
      expect(packaged.decideNavigation(url), url).toEqual({ kind: 'allow' });
      expect(packaged.isOwnPage(url), url).toBe(true);
    }
  });

  it('allows the same page however the browser spells it (localhost host, dot segments, %-escapes)', () => {
    for (const url of [
      'file://localhost/opt/Prilavok/resources/app.asar/out/renderer/index.html',
      'file:///opt/Prilavok/resources/app.asar/out/renderer/./index.html',
      'file:///opt/Prilavok/resources/app.asar/out/x/../renderer/index.html',
      'file:///opt/Prilavok/resources/app.asar/out/renderer/%69ndex.html',
    ]) {
      expect(packaged.decideNavigation(url), url).toEqual({ kind: 'allow' });
    }
  });

  it('matches a Windows install path without regard to letter case or escaping', () => {
    for (const url of [
      windowsRendererFileUrl,
      'file:///C:/Program Files/Prilavok/resources/app.asar/out/renderer/index.html#/stock',
      'file:///c:/program%20files/prilavok/resources/app.asar/out/renderer/INDEX.HTML',
      'file:///C:\\Program Files\\Prilavok\\resources\\app.asar\\out\\renderer\\index.html',
    ]) {
      expect(windows.decideNavigation(url), url).toEqual({ kind: 'allow' });
    }
    for (const url of [
      'file:///D:/Program%20Files/Prilavok/resources/app.asar/out/renderer/index.html',
      'file:///C:/Users/Public/index.html',
      'file://server/C$/Program%20Files/Prilavok/resources/app.asar/out/renderer/index.html',
      'file:///C:/Program%20Files/Prilavok/resources/app.asar/out/renderer%5Cindex.html',
    ]) {
      expect(windows.decideNavigation(url), url).toEqual({ kind: 'deny' });
    }
  });

  it('is case-sensitive on a POSIX path', () => {
    expect(packaged.decideNavigation('file:///opt/prilavok/resources/app.asar/out/renderer/index.html')).toEqual({ kind: 'deny' });
  });

  it('denies every other destination, in production and in development', () => {
    for (const policy of [packaged, development]) {
      for (const url of hostile) {
        expect(policy.decideNavigation(url), url).toEqual({ kind: 'deny' });
        expect(policy.decideRedirect(url), url).toEqual({ kind: 'deny' });
        expect(policy.decideWindowOpen(url), url).toEqual({ kind: 'deny' });
        expect(policy.isOwnPage(url), url).toBe(false);
      }
    }
  });

  it('allows the dev server by exact origin in development only', () => {
    for (const url of ['http://localhost:5173/', 'http://localhost:5173', 'http://localhost:5173/#/stock', 'http://LOCALHOST:5173/src/main.tsx']) {
      expect(development.decideNavigation(url), url).toEqual({ kind: 'allow' });
      expect(development.decideRedirect(url), url).toEqual({ kind: 'allow' });
      expect(development.isOwnPage(url), url).toBe(true);
      expect(packaged.decideNavigation(url), url).toEqual({ kind: 'deny' });
      expect(packaged.isOwnPage(url), url).toBe(false);
    }
    expect(development.decideNavigation('http://user@localhost:5173/')).toEqual({ kind: 'deny' });
  });

  it('sends an allowlisted link to the OS browser instead of loading it in the window', () => {
    expect(packaged.decideNavigation('https://its.1c.ru/db/metod8dev')).toEqual({ kind: 'open-externally', url: 'https://its.1c.ru/db/metod8dev' });
    // A redirect or a subframe never opens anything outside, allowlisted or not.
    expect(packaged.decideRedirect('https://its.1c.ru/db/metod8dev')).toEqual({ kind: 'deny' });
  });

  it('never lets the window itself go to an allowlisted site or open the renderer in a second window', () => {
    for (const url of externalOrigins) expect(packaged.decideNavigation(`${url}/`).kind).toBe('open-externally');
    expect(packaged.decideWindowOpen(rendererFileUrl)).toEqual({ kind: 'deny' });
    expect(development.decideWindowOpen(`${devUrl}/`)).toEqual({ kind: 'deny' });
  });
});

describe('navigation policy: window.open', () => {
  it('opens the allowlisted https origins externally, as the canonical URL that was checked', () => {
    const cases: [string, string][] = [
      ['https://its.1c.ru/', 'https://its.1c.ru/'],
      ['https://its.1c.ru', 'https://its.1c.ru/'],
      ['https://v8.1c.ru/platforma/', 'https://v8.1c.ru/platforma/'],
      ['HTTPS://ITS.1C.RU/db/content', 'https://its.1c.ru/db/content'],
      ['https://its.1c.ru:443/a?b=c#d', 'https://its.1c.ru/a?b=c#d'],
      // What the browser would open: a backslash is a path separator in https URLs.
      ['https://its.1c.ru\\@evil.example/', 'https://its.1c.ru/@evil.example/'],
      // Surrounding whitespace and embedded newlines/tabs are dropped by URL parsing, not passed on.
      ['  https://its.1c.ru/a\n', 'https://its.1c.ru/a'],
      ['https://its.1c.ru/a\tb', 'https://its.1c.ru/ab'],
      // Full-width dot (IDNA mapping) names the same host.
      ['https://its。1c.ru/', 'https://its.1c.ru/'],
    ];
    for (const [url, opened] of cases) expect(packaged.decideWindowOpen(url), url).toEqual({ kind: 'open-externally', url: opened });
  });

  it('refuses lookalikes of the allowlist', () => {
    for (const url of lookalikes) {
      expect(packaged.decideWindowOpen(url), url).toEqual({ kind: 'deny' });
      expect(packaged.decideNavigation(url), url).toEqual({ kind: 'deny' });
    }
  });

  it('takes its own allowlist as exact origins', () => {
    const policy = createNavigationPolicy({ rendererFileUrl, externalOrigins: ['https://docs.example'] });
    expect(policy.decideWindowOpen('https://docs.example/x').kind).toBe('open-externally');
    expect(policy.decideWindowOpen('https://its.1c.ru/').kind).toBe('deny');
  });
});

describe('navigation policy: construction', () => {
  it('refuses a renderer location that is not a file URL and a dev URL that is not http(s)', () => {
    expect(() => createNavigationPolicy({ rendererFileUrl: '/opt/Prilavok/index.html' })).toThrow(/file: URL/);
    expect(() => createNavigationPolicy({ rendererFileUrl: 'http://localhost/index.html' })).toThrow(/file: URL/);
    expect(() => createNavigationPolicy({ rendererFileUrl, devUrl: 'file:///tmp/' })).toThrow(/devUrl/);
    expect(() => createNavigationPolicy({ rendererFileUrl, devUrl: 'localhost:5173' })).toThrow(/devUrl/);
  });
});
