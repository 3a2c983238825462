import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const appFolderName = 'Prilavok';
export const dbFileName = 'prilavok.db';

/**
 * Where the app keeps its database and logs when no host says otherwise. It matches Electron's
 * `app.getPath('userData')` for productName "Prilavok", so the CLI and the app share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PRILAVOK_DATA_DIR) return resolve(env.PRILAVOK_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appFolderName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), appFolderName);
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PRILAVOK_DB) return resolve(env.PRILAVOK_DB);
  return join(defaultDataDir(env), dbFileName);
}

/**
 * The migrations folder ships beside the code in development (repo root) and in the CLI/web builds
 * (out/main/../../migrations); packaged Electron passes process.resourcesPath explicitly instead.
 */
export function findMigrationsFolder(fromDir: string): string {
  let dir = resolve(fromDir);
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`migrations folder not found above ${fromDir}`);
}
