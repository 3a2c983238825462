// The `prilavok` command line: a thin host over the core services (docs: cli.md). Built by
// electron-vite into out/main/cli.js (CJS, run by bin/prilavok.cjs); also `npx tsx src-main/cli/main.ts`.
import { appVersion } from '../core/app/version';
import { type CliCommand, type CliIo, type ExitCode, exitCodes, usageError } from './cli-io';
import { demoDataCommand } from './commands/demo-data.command';
import { docCommand } from './commands/doc.command';
import { emulatorCommand } from './commands/emulator.command';
import { importCmlCommand } from './commands/import-cml.command';
import { labelCommand } from './commands/label.command';
import { outboxCommand } from './commands/outbox.command';
import { scanParseCommand } from './commands/scan-parse.command';
import { statusCommand } from './commands/status.command';
import { syncCommand } from './commands/sync.command';

const commands: readonly CliCommand[] = [statusCommand, demoDataCommand, emulatorCommand, syncCommand, importCmlCommand, docCommand, outboxCommand, scanParseCommand, labelCommand];

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `prilavok ${appVersion} — бэк-офис магазина для 1С`,
    '',
    'Команды:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Использование:',
    ...commands.map((c) => `  prilavok ${c.usage}`),
    '',
    '--json выводит в stdout ровно один JSON-документ; сообщения идут в stderr.',
    'Коды выхода: 0 — готово, 1 — операция не удалась, 2 — неверные параметры.',
    'База по умолчанию — в папке данных программы (переменные PRILAVOK_DB, PRILAVOK_DATA_DIR).',
    '',
  ].join('\n');
}

/** Runs one command line (without "node" and the script path) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const isJson = argv.includes('--json');
  if (name === undefined) {
    io.stderr(helpText());
    return exitCodes.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return exitCodes.done;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${appVersion}\n`);
    return exitCodes.done;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return usageError(io, null, `Неизвестная команда «${name}»`, isJson);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`Использование: prilavok ${command.usage}\n${command.summary}\n`);
    return exitCodes.done;
  }
  return command.run(rest, io);
}

/** Entry for the real process: argv, streams and environment of this process. */
export async function runFromProcess(): Promise<void> {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
  try {
    // exitCode rather than process.exit(): a large JSON document must be flushed to a pipe first.
    process.exitCode = await main(process.argv.slice(2), io);
  } catch (err) {
    // Commands turn their own failures into exit codes; reaching here is a bug in the CLI itself.
    io.stderr(`prilavok: непредвиденная ошибка: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = exitCodes.failed;
  }
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  void runFromProcess();
}
