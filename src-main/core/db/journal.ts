import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { migrationError } from './db-errors';

const journalFile = z.object({
  entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string(), breakpoints: z.boolean() })),
});

export type ShippedMigration = { tag: string; when: number; hash: string; statements: string[] };

/**
 * Reads drizzle-kit's journal and SQL files the same way drizzle's migrator does (same hash), so we
 * can run the guards drizzle lacks before it touches the database.
 */
export function readShippedMigrations(folder: string): ShippedMigration[] {
  let parsed: z.infer<typeof journalFile>;
  try {
    parsed = journalFile.parse(JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')));
  } catch (err) {
    throw migrationError(`Не удалось прочитать журнал миграций в ${folder}`, err);
  }
  return parsed.entries.map((entry) => {
    const sqlText = readFileSync(join(folder, `${entry.tag}.sql`), 'utf8');
    return {
      tag: entry.tag,
      when: entry.when,
      hash: createHash('sha256').update(sqlText).digest('hex'),
      statements: sqlText.split('--> statement-breakpoint'),
    };
  });
}

/**
 * Drizzle applies only migrations stamped later than the last applied one, so a migration whose
 * `when` is not strictly greater than its predecessor's would be skipped silently (drizzle-orm #5316).
 */
export function assertJournalIncreasing(migrations: readonly ShippedMigration[]): void {
  for (let i = 1; i < migrations.length; i += 1) {
    const prev = migrations[i - 1];
    const cur = migrations[i];
    if (prev && cur && cur.when <= prev.when) {
      throw migrationError(`Миграция ${cur.tag} помечена не позже предыдущей (${prev.tag}): её бы пропустили`);
    }
  }
}
