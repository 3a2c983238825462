#!/usr/bin/env node
// `npm run demo`: build if needed, start the 1C emulator (20,000 products, УТ 11), point the app's
// settings at it through the app's own API, run a first sync, then show the app: Electron when its
// binary is installed, otherwise the web host (prints the URL to open). Ctrl+C stops everything.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');

const root = join(__dirname, '..');
const dataDir = process.env.PRILAVOK_DATA_DIR || join(root, '.demo');
const dbPath = process.env.PRILAVOK_DB || join(dataDir, 'prilavok-1c.db');
const products = process.env.PRILAVOK_DEMO_PRODUCTS || '20000';
const onecUser = 'Администратор';
const onecPassword = 'demo';
const children = [];

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function firstJsonLine(child, what) {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch (err) {
        reject(new Error(`${what}: неожиданный ответ ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} завершился с кодом ${code}`)));
  });
}

function start(args, what, env = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  return firstJsonLine(child, what).then((info) => ({ child, info }));
}

async function invoke(host, channel, input) {
  const response = await fetch(`${host.url.split('/?')[0]}/api/invoke/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ input }),
  });
  const result = await response.json();
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

async function main() {
  if (!existsSync(join(root, 'out', 'main', 'web.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    process.stderr.write('Сборка приложения (npm run build)...\n');
    const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  mkdirSync(dataDir, { recursive: true });

  process.stderr.write(`Запускаю эмулятор 1С (УТ 11, ${products} товаров)...\n`);
  const emulator = await start(
    [join(root, 'out', 'main', 'cli.js'), 'emulator', '--port', '0', '--profile', 'ut11', '--products', products, '--user', onecUser, '--password', onecPassword],
    'Эмулятор 1С',
  );
  const web = await start([join(root, 'out', 'main', 'web.js'), '--db', dbPath, '--port', process.env.PORT || '0'], 'Веб-версия', {
    PRILAVOK_1C_PASSWORD: onecPassword,
  });
  await invoke(web.info, 'settings.set', { onecUrl: emulator.info.url, onecUser, onecProfile: 'ut11' });
  await invoke(web.info, 'sync.runNow', {});
  process.stderr.write(`Эмулятор 1С: ${emulator.info.url} (пользователь «${onecUser}», пароль «${onecPassword}»). Синхронизация запущена.\n`);

  let electron = null;
  try {
    const path = require('electron'); // the package exports the binary path; it throws when absent
    electron = typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    electron = null;
  }
  if (electron) {
    // The window takes over: the web host only applied the settings (a sync cut short is safe:
    // every page is one transaction, and the app's schedule pulls again).
    web.child.kill('SIGTERM');
    process.stderr.write('Запускаю Prilavok (Electron)...\n');
    const app = spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, PRILAVOK_DB: dbPath, PRILAVOK_1C_PASSWORD: onecPassword } });
    children.push(app);
    app.on('exit', (code) => stopAll(code ?? 0));
    return;
  }
  process.stdout.write(`\nPrilavok открыт по адресу (ключ доступа уже в ссылке):\n  ${web.info.url}\n\nCtrl+C — остановить.\n`);
  web.child.on('exit', (code) => stopAll(code ?? 0));
}

main().catch((err) => {
  process.stderr.write(`Демо не запустилось: ${err.message}\n`);
  stopAll(1);
});
