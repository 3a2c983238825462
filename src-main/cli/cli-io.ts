import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { defaultDbPath, findMigrationsFolder } from '../core/app/paths';
import { type ErrorCode, isAppError } from '../core/errors/app-error';

/** Where a command writes. The process passes its streams; tests pass recorders. */
export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
};

export const exitCodes = { done: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type CliCommand = {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis, e.g. "status [--db FILE] [--json]". */
  usage: string;
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>;
};

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export type ParsedArgs<T extends OptionsConfig> =
  | { ok: true; values: ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'] }
  | { ok: false; message: string };

/** node:util parseArgs with Russian messages instead of exceptions. */
export function parseOptions<T extends OptionsConfig>(argv: readonly string[], options: T): ParsedArgs<T> {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return { ok: true, values };
  } catch (err) {
    return { ok: false, message: parseErrorMessage(err) };
  }
}

export type ParsedArgsWithPositionals<T extends OptionsConfig> =
  | { ok: true; values: ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>>['values']; positionals: string[] }
  | { ok: false; message: string };

/** As parseOptions, for commands that also take operands (e.g. `import-cml FILE...`). */
export function parseOptionsAndPositionals<T extends OptionsConfig>(argv: readonly string[], options: T): ParsedArgsWithPositionals<T> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { ok: true, values, positionals };
  } catch (err) {
    return { ok: false, message: parseErrorMessage(err) };
  }
}

function parseErrorMessage(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const text = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']*)'/.exec(text)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Неизвестный параметр ${quoted}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Лишний аргумент «${quoted}»`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return text.includes('does not take an argument')
        ? `Параметр ${quoted} не принимает значения`
        : `Параметру ${quoted.split(' ')[0] ?? ''} нужно значение`;
    default:
      return `Не удалось разобрать параметры: ${text}`;
  }
}

/** Bad usage: the message and the synopsis on stderr; a JSON error document too when --json was asked for. */
export function usageError(io: CliIo, command: CliCommand | null, message: string, isJson: boolean): ExitCode {
  io.stderr(`prilavok: ${message}\n`);
  io.stderr(command ? `Использование: prilavok ${command.usage}\n` : 'Список команд: prilavok --help\n');
  if (isJson) writeJson(io, { error: { code: 'validation' satisfies ErrorCode, message } });
  return exitCodes.usage;
}

export function writeJson(io: CliIo, document: unknown): void {
  io.stdout(`${JSON.stringify(document, null, 2)}\n`);
}

/**
 * Runs the operation of a command. Any failure becomes exit code 1 with a message on stderr (and
 * `{"error": {code, message}}` on stdout under --json); a stack trace is printed only on stderr
 * and only when PRILAVOK_DEBUG is set, so scripts never have to parse one.
 */
export async function runOperation(io: CliIo, isJson: boolean, operation: () => Promise<void> | void): Promise<ExitCode> {
  try {
    await operation();
    return exitCodes.done;
  } catch (err) {
    const error = isAppError(err)
      ? { code: err.code, message: err.message }
      : { code: 'internal' satisfies ErrorCode, message: `Непредвиденная ошибка: ${err instanceof Error ? err.message : String(err)}` };
    io.stderr(`prilavok: ${error.message}\n`);
    if (io.env.PRILAVOK_DEBUG && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    if (isJson) writeJson(io, { error });
    return exitCodes.failed;
  }
}

/** --db FILE relative to the working directory, else the app's own database (PRILAVOK_DB honoured). */
export function resolveDbPath(io: CliIo, dbOption: string | undefined): string {
  return dbOption ? resolve(io.cwd, dbOption) : defaultDbPath(io.env);
}

export function dbExists(path: string): boolean {
  return existsSync(path);
}

/** The migrations folder next to this code: the repo root under tsx, or above out/main when built. */
export function cliMigrationsFolder(): string {
  return findMigrationsFolder(__dirname);
}

/** Strict non-negative integer parsing: "12", not "12abc", "1e3" or "-1". */
export function parseIntegerOption(raw: string | undefined): number | null {
  if (raw === undefined || !/^\d{1,10}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}
