import { defineConfig, devices } from '@playwright/test';

// e2e drives the real renderer in Debian's Chromium against the web host (architecture §2):
// the Electron runtime cannot be downloaded on build machines, the browser can be installed by apt.
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.e2e.ts',
  // Not test-results/ itself: Playwright empties its outputDir, which also holds vitest's report.
  outputDir: './test-results/e2e-artifacts',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  // Two CPU cores on the build machines: each worker also runs a web host process.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // list for people; json for scripts/test-summary.cjs (the closing 'N passed, N failed' line).
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'ru-RU',
    viewport: { width: 1400, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
