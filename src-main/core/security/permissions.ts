// Who may call what. Every contract channel names the permission it needs (the compiler refuses a
// channel without one); core checks it before input validation, so a refused call never reaches a
// handler. Hiding buttons in the renderer is a courtesy on top of this, not the protection.
import { type InvokeChannel, type Permission, type Role } from '../../../src-preload/contract';

/** Channels anyone at the desk may call, signed in or not: what the sign-in screen needs. */
export type PublicAccess = 'public';

const everyone: readonly Permission[] = ['view', 'sync', 'documents', 'labels', 'alerts.read', 'customers'];
const managers: readonly Permission[] = [...everyone, 'documents.cancelSubmitted', 'catalog.edit', 'alerts.manage', 'reports', 'devices.configure', 'audit.view', 'diagnostics', 'customers.resolve', 'exchange'];

/**
 * Cashiers scan, sell, receive and print; managers also run the store (rules, reports, devices,
 * cancelling what was sent to 1C); admins also change settings, passwords and users.
 */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  cashier: new Set(everyone),
  manager: new Set(managers),
  admin: new Set([...managers, 'settings', 'users.manage']),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export const channelPermissions: Record<InvokeChannel, Permission | PublicAccess> = {
  'app.info': 'public',
  'auth.status': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.lock': 'public',
  'auth.touch': 'public',
  'users.list': 'users.manage',
  'users.create': 'users.manage',
  'users.update': 'users.manage',
  'audit.list': 'audit.view',
  'settings.get': 'view',
  'settings.set': 'settings',
  'products.list': 'view',
  'products.get': 'view',
  'products.movements': 'view',
  'warehouses.list': 'view',
  'productGroups.list': 'view',
  'sync.status': 'view',
  'sync.runNow': 'sync',
  'documents.list': 'view',
  'documents.get': 'view',
  'documents.create': 'documents',
  'documents.updateHeader': 'documents',
  'documents.scan': 'documents',
  'documents.addProduct': 'documents',
  'documents.setLine': 'documents',
  'documents.removeLine': 'documents',
  'documents.setExpected': 'documents',
  'documents.expectedFrom1C': 'documents',
  'documents.send': 'documents',
  // Drafts: everyone; a document already queued or rejected by 1C: documents.cancelSubmitted (checked in the service).
  'documents.cancel': 'documents',
  'outbox.status': 'view',
  'outbox.sendNow': 'sync',
  'scans.resolve': 'view',
  'scans.linkBarcode': 'catalog.edit',
  'devices.settings.get': 'view',
  'devices.settings.set': 'devices.configure',
  'devices.ports': 'devices.configure',
  'devices.status': 'view',
  'labels.preview': 'labels',
  'labels.print': 'labels',
  'labels.batch': 'labels',
  'alerts.rules.list': 'alerts.read',
  'alerts.rules.create': 'alerts.manage',
  'alerts.rules.update': 'alerts.manage',
  'alerts.rules.delete': 'alerts.manage',
  'alerts.events.list': 'alerts.read',
  'alerts.events.markRead': 'alerts.read',
  'alerts.settings.get': 'alerts.manage',
  'alerts.settings.set': 'alerts.manage',
  'alerts.testDelivery': 'alerts.manage',
  'dashboard.summary': 'view',
  'dashboard.trend': 'view',
  'replenishment.list': 'reports',
  'replenishment.abc': 'reports',
  'replenishment.levels.list': 'reports',
  'replenishment.levels.set': 'reports',
  'replenishment.levels.acceptSuggested': 'reports',
  'replenishment.settings.get': 'reports',
  'replenishment.settings.set': 'reports',
  'replenishment.createTransfer': 'reports',
  'replenishment.createSupplierOrder': 'reports',
  'reconciliation.run': 'reports',
  'setup.check': 'settings',
  'setup.peekCertificate': 'settings',
  'setup.apply': 'settings',
  'diagnostics.export': 'diagnostics',
  'secrets.status': 'settings',
  'secrets.setOnecPassword': 'settings',
  'secrets.setSmtpPassword': 'settings',
  'customers.list': 'view',
  'customers.get': 'view',
  'customers.create': 'customers',
  'customers.update': 'customers',
  'customers.conflicts.list': 'view',
  'customers.conflicts.resolve': 'customers.resolve',
  'cml.folder.list': 'exchange',
  'cml.import.start': 'exchange',
  'cml.import.status': 'exchange',
  'cml.export.orders': 'exchange',
};

/** Channels the renderer calls on timers: they do not count as the person at the desk being active. */
export const passiveChannels: ReadonlySet<InvokeChannel> = new Set(['app.info', 'auth.status', 'outbox.status', 'sync.status', 'devices.status', 'documents.list', 'documents.get', 'dashboard.summary', 'alerts.events.list']);
