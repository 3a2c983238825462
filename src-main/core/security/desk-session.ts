// One desk session per PC: the person at the counter signs in with a PIN; after the configured idle
// time the session locks and every call except the sign-in screen's is refused until a PIN is
// entered again. With no users at all the PC runs open (as 1C does with an empty user list), acting
// as an admin, until an admin creates the first user. The decisions are made here, in core, for
// every channel before its input is even parsed.
import { type AuthMode, type AuthStatus, type DeskUser, type InvokeChannel, type IpcError, type Permission, type Role } from '../../../src-preload/contract';
import { type EventBus } from '../api/event-bus';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type SettingsService } from '../settings/settings.service';
import { appendAudit } from './audit-log.repo';
import { can, channelPermissions, passiveChannels, rolePermissions } from './permissions';
import { verifyPin } from './pin-hash';
import { countActiveUsers, findActiveUser, listUsers } from './users.service';

export type Actor = { userId: string | null; role: Role };

export type DeskSession = {
  status(): AuthStatus;
  signIn(userId: string, pin: string): AuthStatus;
  signOut(): AuthStatus;
  lock(): AuthStatus;
  touch(): { mode: AuthMode };
  /** null when the channel may run now; otherwise the error to answer with (nothing else runs). */
  authorize(channel: InvokeChannel): IpcError | null;
  /** Who acts: the signed-in user, or an anonymous admin on an open PC. */
  actor(): Actor;
  /** Re-checks the idle time now: announces the lock to the renderer without waiting for a call. */
  checkIdle(): void;
  /** Someone was just created: on an open PC, its creator continues as that admin. */
  adopt(user: DeskUser): void;
};

export type DeskSessionDeps = { db: AppDb; settings: SettingsService; events: EventBus; clock: () => number };

/** Wrong PINs in a row before a user is made to wait. */
const maxFailures = 5;
const failurePauseMs = 60_000;

export function createDeskSession(deps: DeskSessionDeps): DeskSession {
  const { db, clock } = deps;
  let current: DeskUser | null = null;
  let lastActivityAt = clock();
  let isLocked = false;
  const failures = new Map<string, { count: number; until: number }>();

  const idleMs = (): number => deps.settings.get().idleLockMinutes * 60_000;
  const mode = (): AuthMode => {
    if (countActiveUsers(db) === 0) return 'open';
    if (current === null) return 'signedOut';
    if (!isLocked && clock() - lastActivityAt >= idleMs()) lockNow('idle');
    return isLocked ? 'locked' : 'signedIn';
  };
  const announce = (): void => deps.events.emit('auth.changed', { mode: mode() });
  const lockNow = (reason: 'idle' | 'asked'): void => {
    isLocked = true;
    appendAudit(db, { at: clock(), userId: current?.id ?? null, action: 'auth.lock', details: { reason } });
    if (reason === 'idle') queueMicrotask(announce);
  };
  const actor = (): Actor => (mode() === 'open' || current === null ? { userId: null, role: 'admin' } : { userId: current.id, role: current.role });

  const status = (): AuthStatus => {
    const now = mode();
    const settings = deps.settings.get();
    const role: Role | null = now === 'open' ? 'admin' : now === 'signedIn' && current !== null ? current.role : null;
    return {
      mode: now,
      user: now === 'signedIn' || now === 'locked' ? current : null,
      permissions: role === null ? [] : [...rolePermissions[role]],
      users: listUsers(db).filter((user) => user.isActive).map(({ id, name, role: userRole }) => ({ id, name, role: userRole })),
      idleLockMinutes: settings.idleLockMinutes,
      language: settings.language,
    };
  };

  return {
    status,
    signIn(userId, pin) {
      const now = clock();
      const failure = failures.get(userId);
      if (failure !== undefined && failure.count >= maxFailures && now < failure.until) {
        throw new AppError('unauthenticated', `Слишком много неверных PIN: подождите ${Math.ceil((failure.until - now) / 1000)} с.`);
      }
      const user = findActiveUser(db, userId);
      if (user === null || user.pinHash === null || !verifyPin(pin, user.pinHash)) {
        const count = (failure?.count ?? 0) + 1;
        failures.set(userId, { count, until: now + failurePauseMs });
        appendAudit(db, { at: now, userId: user?.id ?? null, action: 'auth.signInFailed', details: { userId, attempt: count } });
        throw new AppError('unauthenticated', 'Неверный PIN.');
      }
      failures.delete(userId);
      current = { id: user.id, name: user.name, role: user.role };
      isLocked = false;
      lastActivityAt = now;
      appendAudit(db, { at: now, userId: user.id, action: 'auth.signIn', details: { role: user.role } });
      announce();
      return status();
    },
    signOut() {
      if (current !== null) appendAudit(db, { at: clock(), userId: current.id, action: 'auth.signOut', details: {} });
      current = null;
      isLocked = false;
      announce();
      return status();
    },
    lock() {
      if (mode() === 'signedIn') lockNow('asked');
      announce();
      return status();
    },
    touch() {
      const now = mode();
      if (now === 'signedIn') lastActivityAt = clock();
      return { mode: now };
    },
    authorize(channel) {
      const needed = channelPermissions[channel];
      if (needed === 'public') return null;
      const now = mode();
      if (now === 'open') return null;
      if (now === 'signedOut' || current === null) return { code: 'unauthenticated', message: 'Войдите: выберите себя в списке и введите PIN.' };
      if (now === 'locked') return { code: 'unauthenticated', message: `Сеанс заблокирован после ${deps.settings.get().idleLockMinutes} мин простоя: введите PIN.` };
      if (!can(current.role, needed)) {
        appendAudit(db, { at: clock(), userId: current.id, action: 'auth.denied', details: { channel } });
        return { code: 'forbidden', message: `Недостаточно прав: ${roleNames[current.role]} не может ${permissionNames[needed]}.` };
      }
      if (!passiveChannels.has(channel)) lastActivityAt = clock();
      return null;
    },
    actor,
    checkIdle() {
      if (current !== null && !isLocked) mode();
    },
    adopt(user) {
      if (current === null && countActiveUsers(db) === 1) {
        current = user;
        isLocked = false;
        lastActivityAt = clock();
        announce();
      }
    },
  };
}

const roleNames: Record<Role, string> = { admin: 'администратор', manager: 'менеджер', cashier: 'кассир' };

/** "… не может <this>": the refusal names what was refused in the user's words. */
const permissionNames: Record<Permission, string> = {
  view: 'просматривать данные',
  sync: 'запускать обмен с 1С',
  documents: 'работать с документами',
  'documents.cancelSubmitted': 'отменять документы, отправленные в 1С',
  labels: 'печатать ценники',
  'catalog.edit': 'менять справочники (привязывать штрихкоды)',
  'alerts.read': 'читать оповещения',
  'alerts.manage': 'менять правила и доставку оповещений',
  reports: 'открывать отчёты и создавать заказы',
  'devices.configure': 'настраивать оборудование',
  settings: 'менять настройки и пароли',
  'users.manage': 'управлять пользователями',
  'audit.view': 'смотреть журнал действий',
  diagnostics: 'выгружать диагностику',
  customers: 'регистрировать и менять покупателей',
  'customers.resolve': 'решать конфликты покупателей',
  exchange: 'загружать и выгружать файлы CommerceML',
};
