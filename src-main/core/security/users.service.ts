// The people who use this PC: admin, manager, cashier, each with a PIN. Every change is audited in
// the same transaction (never the PIN). The last active admin can be neither demoted nor switched
// off: otherwise nobody could ever change settings again without editing the database.
import { v7 as uuidv7 } from 'uuid';
import { type Role, type UserView } from '../../../src-preload/contract';
import { type AppDb } from '../db/open';
import { cachedStatement } from '../db/statement-cache';
import { AppError } from '../errors/app-error';
import { appendAudit } from './audit-log.repo';
import { hashPin } from './pin-hash';

type UserRow = { id: string; name: string; role: Role; pinHash: string | null; isActive: number; createdAt: number };

const selectUsers = 'SELECT id, name, role, pin_hash AS pinHash, is_active AS isActive, created_at AS createdAt FROM users';

export type UserChangeContext = { now: number; userId: string | null };

export function listUsers(db: AppDb): UserView[] {
  return (cachedStatement(db, `${selectUsers} ORDER BY is_active DESC, name`).all() as UserRow[]).map(toView);
}

export function countActiveUsers(db: AppDb): number {
  return (cachedStatement(db, 'SELECT count(*) AS n FROM users WHERE is_active = 1').get() as { n: number }).n;
}

/** The stored PIN hash of an active user; null when the user is unknown or switched off. */
export function findActiveUser(db: AppDb, id: string): (UserView & { pinHash: string | null }) | null {
  const row = cachedStatement(db, `${selectUsers} WHERE id = ? AND is_active = 1`).get(id) as UserRow | undefined;
  return row === undefined ? null : { ...toView(row), pinHash: row.pinHash };
}

export function createUser(db: AppDb, input: { name: string; role: Role; pin: string }, context: UserChangeContext): UserView {
  const pinHash = hashPin(input.pin);
  return db.sqlite
    .transaction((): UserView => {
      if (countActiveUsers(db) === 0 && input.role !== 'admin') {
        throw new AppError('validation', 'Первым создайте администратора: без него никто не сможет менять настройки.');
      }
      assertNameFree(db, input.name, null);
      const id = uuidv7();
      cachedStatement(db, 'INSERT INTO users (id, name, role, pin_hash, is_active, created_at) VALUES (?, ?, ?, ?, 1, ?)').run(id, input.name, input.role, pinHash, context.now);
      appendAudit(db, { at: context.now, userId: context.userId, action: 'user.create', details: { id, name: input.name, role: input.role } });
      return readUser(db, id);
    })
    .immediate();
}

export type UserPatch = { id: string; name?: string; role?: Role; isActive?: boolean; pin?: string };

export function updateUser(db: AppDb, patch: UserPatch, context: UserChangeContext): UserView {
  const pinHash = patch.pin === undefined ? undefined : hashPin(patch.pin);
  return db.sqlite
    .transaction((): UserView => {
      const before = readUser(db, patch.id);
      const isAdminLeaving = before.role === 'admin' && before.isActive && ((patch.role !== undefined && patch.role !== 'admin') || patch.isActive === false);
      if (isAdminLeaving && countActiveAdmins(db) === 1) {
        throw new AppError('conflict', `${before.name} — единственный администратор: сначала назначьте другого.`);
      }
      if (patch.name !== undefined) assertNameFree(db, patch.name, patch.id);
      cachedStatement(
        db,
        `UPDATE users SET name = coalesce(?, name), role = coalesce(?, role), is_active = coalesce(?, is_active), pin_hash = coalesce(?, pin_hash) WHERE id = ?`,
      ).run(patch.name ?? null, patch.role ?? null, patch.isActive === undefined ? null : Number(patch.isActive), pinHash ?? null, patch.id);
      const changed = Object.keys(patch).filter((key) => key !== 'id' && key !== 'pin');
      appendAudit(db, {
        at: context.now,
        userId: context.userId,
        action: 'user.update',
        details: { id: patch.id, name: patch.name ?? before.name, changed, ...(patch.role === undefined ? {} : { role: patch.role }), ...(patch.isActive === undefined ? {} : { isActive: patch.isActive }), isPinChanged: pinHash !== undefined },
      });
      return readUser(db, patch.id);
    })
    .immediate();
}

function readUser(db: AppDb, id: string): UserView {
  const row = cachedStatement(db, `${selectUsers} WHERE id = ?`).get(id) as UserRow | undefined;
  if (row === undefined) throw new AppError('not_found', 'Пользователь не найден');
  return toView(row);
}

function countActiveAdmins(db: AppDb): number {
  return (cachedStatement(db, "SELECT count(*) AS n FROM users WHERE is_active = 1 AND role = 'admin'").get() as { n: number }).n;
}

function assertNameFree(db: AppDb, name: string, exceptId: string | null): void {
  // In JS: SQLite's lower() folds ASCII only, and these names are Cyrillic.
  const others = cachedStatement(db, 'SELECT id, name FROM users WHERE is_active = 1').all() as Array<{ id: string; name: string }>;
  const key = name.toLocaleLowerCase('ru');
  if (others.some((user) => user.id !== exceptId && user.name.toLocaleLowerCase('ru') === key)) throw new AppError('conflict', `Пользователь «${name}» уже есть`);
}

function toView(row: UserRow): UserView {
  return { id: row.id, name: row.name, role: row.role, isActive: row.isActive === 1, hasPin: row.pinHash !== null, createdAt: row.createdAt };
}
