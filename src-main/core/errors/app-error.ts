import { type ErrorCode } from '../../../src-preload/contract/result';

export type { ErrorCode };

const brand = Symbol.for('prilavok.AppError');

/**
 * The one error type that crosses layers. Callers branch on `code` (and `isAppError`), never on
 * `instanceof`, which breaks across module copies and IPC. `message` is safe to show to a user:
 * it never contains credentials.
 */
export class AppError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[brand] === true;
}

/** The stack plus every `Caused by:` line, for logs. */
export function toLogFormat(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 8; depth += 1) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    lines.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

/** Ends exhaustive switches: the compiler proves it unreachable, the runtime says what slipped through. */
export function missingCaseError(value: never): Error {
  return new Error(`Unhandled case: ${String(value)}`);
}
