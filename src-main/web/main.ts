// The web host entry: `node out/main/web.js [--db FILE] [--port N] [--renderer DIR]`.
// Prints one JSON line {"url","token","port"} on stdout when ready, then serves until SIGTERM/SIGINT.
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../core/app/create-core';
import { defaultDbPath, findMigrationsFolder } from '../core/app/paths';
import { appVersion } from '../core/app/version';
import { isAppError } from '../core/errors/app-error';
import { createFileLogger } from '../core/logging/file-logger';
import { createCronScheduler } from '../core/sync/scheduler';
import { createKeychain } from '../core/security/keychain';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '0' },
      renderer: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      // Parse every answer against the contract too (e2e and development).
      'check-output': { type: 'boolean', default: false },
      // `os`: passwords in the OS keychain (Secret Service on Linux, as the desktop app on Windows);
      // default: environment variables only (PRILAVOK_1C_PASSWORD), for demo and headless machines.
      keychain: { type: 'string', default: 'none' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('Неверный --port: нужно целое число от 0 до 65535\n');
    process.exit(2);
  }
  if (values.keychain !== 'none' && values.keychain !== 'os') {
    process.stderr.write('Неверный --keychain: none или os\n');
    process.exit(2);
  }
  const dbPath = resolve(values.db ?? defaultDbPath());
  const logger = createFileLogger({ dir: join(dirname(dbPath), 'logs'), fileName: 'web.log', isEchoedToStderr: values.verbose });
  const core = createCore({
    dbPath,
    migrationsFolder: findMigrationsFolder(__dirname),
    logger: logger.scope('core'),
    host: 'web',
    version: appVersion,
    isOutputChecked: values['check-output'],
    keychain: values.keychain === 'os' ? createKeychain() : null,
    scheduler: (expression, task) => createCronScheduler(expression, task, { logger: logger.scope('sync') }),
  });
  const host = await startWebHost({
    core,
    rendererDir: values.renderer ?? resolve(__dirname, '../renderer'),
    port,
  });
  logger.info(`web host on ${host.origin}, db ${dbPath}`);
  process.stdout.write(`${JSON.stringify({ url: host.url, token: host.token, port: host.port })}\n`);
  core.events.emit('app.ready', { version: appVersion });

  const stop = () => {
    void host
      .close()
      .then(() => core.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${isAppError(err) ? err.message : String(err)}\n`);
  process.exit(1);
});
