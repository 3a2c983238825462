#!/usr/bin/env node
// The installed `prilavok` command. The CLI itself is built by electron-vite into out/main/cli.js.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    `prilavok: не найден собранный CLI (${cli}).\n` +
      'Соберите проект командой `npm run build` (или запустите из исходников: npx tsx src-main/cli/main.ts).\n',
  );
  process.exit(1);
}
require(cli).runFromProcess();
