import { expect, test as base } from '@playwright/test';
import { seedDirEnv } from './e2e-paths';
import { AppShell } from './pages/app-shell.page';
import { SettingsPage } from './pages/settings.page';
import { StockPage } from './pages/stock.page';
import { openSeed, type SeedDb } from './seed-queries';
import { type HostOptions, type RunningHost, withWebHost } from './web-host.fixture';
import { join } from 'node:path';
import { DocumentEditor } from './pages/document-editor.page';
import { DocumentsPage } from './pages/documents.page';
import { OutboxBar } from './pages/outbox-bar.page';
import { ProductCard } from './pages/product-card.page';
import { SyncPage } from './pages/sync.page';

type TestFixtures = {
  /** Set per file with test.use({ hostOptions: … }). */
  hostOptions: HostOptions;
  /**
   * Console errors a test provokes on purpose. Chromium logs every 4xx answer as "Failed to load
   * resource", so a test of a refused request must name that refusal; everything else still fails.
   */
  allowedConsoleErrors: RegExp[];
  /** A web host on this test's own copy of the seed database. */
  host: RunningHost;
  /** The app opened through the host's tokenised URL and ready. */
  shell: AppShell;
  stock: StockPage;
  settings: SettingsPage;
  sync: SyncPage;
  productCard: ProductCard;
  documents: DocumentsPage;
  editor: DocumentEditor;
  outbox: OutboxBar;
};

type WorkerFixtures = {
  seedDir: string;
  /** Read-only view of the seed database, for computing expected values independently. */
  seed: SeedDb;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  seedDir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = process.env[seedDirEnv];
      if (!dir) throw new Error(`${seedDirEnv} is not set: run through playwright.config.ts (global setup)`);
      await use(dir);
    },
    { scope: 'worker' },
  ],
  seed: [
    async ({ seedDir }, use) => {
      const seed = openSeed(join(seedDir, 'seed.db'));
      await use(seed);
      seed.close();
    },
    { scope: 'worker' },
  ],
  hostOptions: [{}, { option: true }],
  allowedConsoleErrors: [[], { option: true }],
  host: async ({ seedDir, hostOptions }, use, testInfo) => {
    await withWebHost(seedDir, testInfo, use, hostOptions);
  },
  shell: async ({ page, host, allowedConsoleErrors }, use) => {
    // CSP violations and uncaught exceptions only show up in the console; a test that passes while
    // the page logs them is hiding a bug.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (allowedConsoleErrors.some((allowed) => allowed.test(message.text()))) return;
      problems.push(`console.error: ${message.text()}`);
    });
    const shell = new AppShell(page);
    await shell.open(host.url);
    await use(shell);
    expect(problems, 'errors logged by the page').toEqual([]);
  },
  stock: async ({ page }, use) => {
    await use(new StockPage(page));
  },
  settings: async ({ page }, use) => {
    await use(new SettingsPage(page));
  },
  sync: async ({ page }, use) => {
    await use(new SyncPage(page));
  },
  productCard: async ({ page }, use) => {
    await use(new ProductCard(page));
  },
  documents: async ({ page }, use) => {
    await use(new DocumentsPage(page));
  },
  editor: async ({ page }, use) => {
    await use(new DocumentEditor(page));
  },
  outbox: async ({ page }, use) => {
    await use(new OutboxBar(page));
  },
});

export { expect };
