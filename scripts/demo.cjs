#!/usr/bin/env node
// `npm run demo`: build if needed, generate a demo catalog if the demo database is empty, then start
// the app: Electron when its binary is installed, otherwise the web host (prints the URL to open).
const { spawnSync, spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const dataDir = process.env.PRILAVOK_DATA_DIR || join(root, '.demo');
const dbPath = process.env.PRILAVOK_DB || join(dataDir, 'prilavok.db');
const products = process.env.PRILAVOK_DEMO_PRODUCTS || '20000';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'out', 'main', 'web.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  process.stderr.write('Сборка приложения (npm run build)...\n');
  run('npm', ['run', 'build']);
}
if (!existsSync(dbPath)) {
  process.stderr.write(`Создаю демо-каталог на ${products} товаров в ${dbPath}...\n`);
  run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'demo-data', '--products', products, '--db', dbPath]);
}

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary path; it throws when absent
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (electron) {
  process.stderr.write('Запускаю Prilavok (Electron)...\n');
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, PRILAVOK_DB: dbPath } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('Electron не установлен: запускаю веб-версию на 127.0.0.1.\n');
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'web.js'), '--db', dbPath, '--port', process.env.PORT || '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.once('data', (chunk) => {
    const { url } = JSON.parse(chunk.toString());
    process.stdout.write(`\nPrilavok открыт по адресу (ключ доступа уже в ссылке):\n  ${url}\n\nCtrl+C — остановить.\n`);
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
