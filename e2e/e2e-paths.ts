import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..');
export const cliEntry = join(repoRoot, 'out/main/cli.js');
// Overridable to try the specs against another build of the host (e.g. a colleague's branch).
export const webEntry = process.env.PRILAVOK_E2E_WEB_ENTRY ?? join(repoRoot, 'out/main/web.js');

/** Products in the shared seed database; tests assert against this number. */
export const seedProductCount = 20_000;

/**
 * The folder holding seed.db. Set by global setup for the workers; when it is already set before
 * the run, that seed is reused as is (faster local iterations) and not deleted afterwards.
 */
export const seedDirEnv = 'PRILAVOK_E2E_SEED_DIR';
