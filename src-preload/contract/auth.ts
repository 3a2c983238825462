import { z } from 'zod';

export const roles = ['admin', 'manager', 'cashier'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

/**
 * What a role may do. Enforced in core before any handler runs (src-main/core/security); the renderer
 * only uses the list to hide what would be refused anyway.
 */
export const permissions = [
  'view',
  'sync',
  'documents',
  'documents.cancelSubmitted',
  'labels',
  'catalog.edit',
  'alerts.read',
  'alerts.manage',
  'reports',
  'devices.configure',
  'settings',
  'users.manage',
  'audit.view',
  'diagnostics',
  /** Register and edit customers at the counter. */
  'customers',
  /** Decide customer conflicts (changed here and in 1C). */
  'customers.resolve',
  /** CommerceML file exchange: import catalogs/offers, export orders. */
  'exchange',
] as const;
export const permission = z.enum(permissions);
export type Permission = z.infer<typeof permission>;

/** 4–8 digits: typed on a numeric keypad at the desk. */
export const pin = z.string().regex(/^\d{4,8}$/, 'PIN — от 4 до 8 цифр');
const userId = z.string().min(1).max(64);
const userName = z.string().trim().min(1, 'Укажите имя').max(100);

export const deskUser = z.object({ id: z.string(), name: z.string(), role });
export type DeskUser = z.infer<typeof deskUser>;

/**
 * `open`: no users exist yet, so the PC works without sign-in (as 1C does with an empty user list)
 * until an admin creates the first user. `locked`: the user was idle too long and must re-enter a PIN.
 */
export const authMode = z.enum(['open', 'signedIn', 'signedOut', 'locked']);
export type AuthMode = z.infer<typeof authMode>;

export const authStatus = z.object({
  mode: authMode,
  /** The signed-in (or locked) user; null in open and signed-out mode. */
  user: deskUser.nullable(),
  permissions: z.array(permission),
  /** Active users to choose from on the sign-in screen. */
  users: z.array(deskUser),
  idleLockMinutes: z.number().int(),
  language: z.enum(['ru', 'en']),
});
export type AuthStatus = z.infer<typeof authStatus>;

export const userView = deskUser.extend({ isActive: z.boolean(), hasPin: z.boolean(), createdAt: z.number() });
export type UserView = z.infer<typeof userView>;

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  userId: userId.optional(),
  /** Prefix of the action, e.g. `document.` or `auth.signIn`. */
  action: z.string().max(100).optional(),
  /** Substring of the details. */
  text: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  offset: z.number().int().nonnegative().default(0),
});

export const authContract = {
  'auth.status': { input: z.strictObject({}), output: authStatus },
  'auth.signIn': { input: z.strictObject({ userId, pin }), output: authStatus },
  'auth.signOut': { input: z.strictObject({}), output: authStatus },
  'auth.lock': { input: z.strictObject({}), output: authStatus },
  /** The person at the desk is active (keys, pointer): keeps the session from locking. */
  'auth.touch': { input: z.strictObject({}), output: z.object({ mode: authMode }) },
  'users.list': { input: z.strictObject({}), output: z.object({ items: z.array(userView) }) },
  'users.create': { input: z.strictObject({ name: userName, role, pin }), output: userView },
  'users.update': {
    input: z.strictObject({ id: userId, name: userName.optional(), role: role.optional(), isActive: z.boolean().optional(), pin: pin.optional() }),
    output: userView,
  },
  'audit.list': { input: auditQuery, output: z.object({ items: z.array(auditEntry), total: z.number().int() }) },
} as const;

export const authEvents = {
  /** Someone signed in or out, or the session locked: the renderer re-reads auth.status. */
  'auth.changed': z.object({ mode: authMode }),
} as const;
