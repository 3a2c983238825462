// customer_conflicts: local, 1C's and the common base side by side until a person decides. One open
// conflict per customer (a partial unique index); a newer 1C version replaces the 1C side of it.
import { v7 as uuidv7 } from 'uuid';
import { type CustomerConflict } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { type CustomerVersion, parseVersion, versionJson } from './customer';

type StoredConflict = {
  id: string;
  customerId: string;
  detectedAt: number;
  localJson: string;
  remoteJson: string;
  baseJson: string | null;
  remoteVersion1c: string | null;
};

export type OpenConflict = CustomerConflict & { remoteVersion1c: string | null };

const columns = `id, customer_id AS customerId, detected_at AS detectedAt, local_json AS localJson, remote_json AS remoteJson,
  base_json AS baseJson, remote_version_1c AS remoteVersion1c`;

function toConflict(row: StoredConflict): OpenConflict {
  return {
    id: row.id,
    customerId: row.customerId,
    detectedAt: row.detectedAt,
    local: parseVersion(row.localJson) as CustomerVersion,
    remote: parseVersion(row.remoteJson) as CustomerVersion,
    base: parseVersion(row.baseJson),
    remoteVersion1c: row.remoteVersion1c,
  };
}

/** Opens a conflict for the customer, or updates the open one (both sides as they are now; the base stays). */
export function upsertOpenConflict(
  db: AppDb,
  input: { customerId: string; local: CustomerVersion; remote: CustomerVersion; base: CustomerVersion | null; remoteVersion1c: string | null; now: number },
): string {
  const open = findOpenConflict(db, input.customerId);
  if (open) {
    cachedStatement(db, 'UPDATE customer_conflicts SET local_json = ?, remote_json = ?, remote_version_1c = ? WHERE id = ?').run(
      versionJson(input.local),
      versionJson(input.remote),
      input.remoteVersion1c,
      open.id,
    );
    return open.id;
  }
  const id = uuidv7({ msecs: input.now });
  cachedStatement(
    db,
    `INSERT INTO customer_conflicts (id, customer_id, detected_at, local_json, remote_json, base_json, remote_version_1c)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, input.customerId, input.now, versionJson(input.local), versionJson(input.remote), input.base === null ? null : versionJson(input.base), input.remoteVersion1c);
  return id;
}

export function findOpenConflict(db: AppDb, customerId: string): OpenConflict | null {
  const row = cachedStatement(db, `SELECT ${columns} FROM customer_conflicts WHERE customer_id = ? AND resolved_at IS NULL`).get(customerId) as StoredConflict | undefined;
  return row ? toConflict(row) : null;
}

export function findConflict(db: AppDb, id: string): (OpenConflict & { isResolved: boolean }) | null {
  const row = cachedStatement(db, `SELECT ${columns}, resolved_at AS resolvedAt FROM customer_conflicts WHERE id = ?`).get(id) as (StoredConflict & { resolvedAt: number | null }) | undefined;
  return row ? { ...toConflict(row), isResolved: row.resolvedAt !== null } : null;
}

/** Open conflicts, oldest first. */
export function listOpenConflicts(db: AppDb): OpenConflict[] {
  const rows = cachedStatement(db, `SELECT ${columns} FROM customer_conflicts WHERE resolved_at IS NULL ORDER BY detected_at, id`).all() as StoredConflict[];
  return rows.map(toConflict);
}

export function closeConflict(db: AppDb, id: string, resolution: { by: string | null; details: Record<string, unknown>; now: number }): void {
  cachedStatement(db, 'UPDATE customer_conflicts SET resolved_at = ?, resolved_by = ?, resolution_json = ? WHERE id = ? AND resolved_at IS NULL').run(
    resolution.now,
    resolution.by,
    JSON.stringify(resolution.details),
    id,
  );
}
