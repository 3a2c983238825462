// Every change of a customer leaves an audit row, written in the change's own transaction. The row
// names the customer and the fields that changed (from → to): the audit log is the store's own record
// of who changed a counterparty's details at the counter.
import { type AppDb } from '../db/open';
import { appendAudit } from '../security/audit-log.repo';

export const customerAuditActions = {
  create: 'customer.create',
  edit: 'customer.edit',
  resolve: 'customer.resolve',
  /** 1C and the counter changed the customer differently (userId null: found by the sync or the outbox). */
  conflict: 'customer.conflict',
  /** A local customer was recognised as a counterparty 1C already has (by ИНН, e-mail or phone). */
  link: 'customer.link',
  /** 1C refused the create or change. */
  reject: 'customer.reject',
} as const;

export type CustomerAuditAction = (typeof customerAuditActions)[keyof typeof customerAuditActions];

export function auditCustomer(
  db: AppDb,
  entry: { at: number; userId: string | null; action: CustomerAuditAction; customer: { id: string; name: string }; details?: Record<string, unknown> },
): void {
  appendAudit(db, { at: entry.at, userId: entry.userId, action: entry.action, details: { customerId: entry.customer.id, name: entry.customer.name, ...entry.details } });
}
