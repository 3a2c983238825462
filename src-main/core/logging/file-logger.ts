import { join } from 'node:path';
import log from 'electron-log/node';
import { type Logger } from './logger';
import { redact } from './redact';

export type FileLoggerOptions = {
  /** Folder for rotating log files. */
  dir: string;
  fileName: string;
  /** Also print to stderr (CLI -v, development). Stdout stays clean for --json output. */
  isEchoedToStderr?: boolean;
};

/**
 * electron-log's Node entry (no Electron needed) writing a rotating file (1 MB, one old file kept),
 * with every message redacted before any transport sees it. The Electron host uses the same setup
 * through electron-log/main.
 */
export function createFileLogger(options: FileLoggerOptions): Logger & { scope(name: string): Logger } {
  const instance = log.create({ logId: `prilavok-${options.fileName}` });
  instance.transports.file.resolvePathFn = () => join(options.dir, options.fileName);
  instance.transports.file.maxSize = 1024 * 1024;
  instance.transports.file.level = 'info';
  // electron-log's console transport writes info to stdout; we echo to stderr ourselves instead.
  instance.transports.console.level = false;
  const echo = (level: string, m: string) => {
    if (options.isEchoedToStderr) process.stderr.write(`[${level}] ${redact(m)}\n`);
  };
  instance.hooks.push((message) => ({
    ...message,
    data: message.data.map((part: unknown) => (typeof part === 'string' ? redact(part) : part)),
  }));
  const wrap = (scoped: { debug: (m: string) => void; info: (m: string) => void; warn: (m: string) => void; error: (m: string) => void }): Logger => ({
    debug: (m) => scoped.debug(m),
    info: (m) => (scoped.info(m), echo('info', m)),
    warn: (m) => (scoped.warn(m), echo('warn', m)),
    error: (m) => (scoped.error(m), echo('error', m)),
  });
  return { ...wrap(instance), scope: (name) => wrap(instance.scope(name)) };
}
