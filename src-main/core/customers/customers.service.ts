// Customers at the counter: list, read, register and edit. Every write is one transaction with its
// outbox row and audit row (architecture §4), so a registered or changed customer reaches 1C even if
// the app stops right after; the outbox (outbox/customer-sender.ts) sends it, the pull
// (sync/customers-pull.job.ts) brings 1C's side.
import { v7 as uuidv7 } from 'uuid';
import { type CustomerDetail, type CustomerFields, type CustomerRow, type CustomerVersionField } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type CustomerRecord } from './customer';
import { auditCustomer, customerAuditActions } from './customer-audit';
import { findOpenConflict } from './customer-conflicts.repo';
import { changedFields, normalizeCustomerFields, normalizeValid } from './customer-fields';
import { queueCustomerSend } from './customer-outbox.repo';
import {
  type CustomerListQuery,
  customerDocuments,
  findDuplicate,
  insertCustomer,
  listCustomerRecords,
  requireCustomer,
  toCustomerRow,
  updateCustomer as updateCustomerRow,
} from './customers.repo';

/** Who acts and when: recorded on the audit row of every change. */
export type Acting = { userId: string | null; now: number };

const fieldTitles = { inn: 'ИНН/БИН', email: 'электронная почта', phone: 'телефон' } as const;

export function listCustomers(db: AppDb, query: CustomerListQuery): { rows: CustomerRow[]; total: number } {
  const { records, total } = listCustomerRecords(db, query);
  return { rows: records.map(toCustomerRow), total };
}

export function getCustomer(db: AppDb, id: string): CustomerDetail {
  const record = requireCustomer(db, id);
  return { ...toCustomerRow(record), documents: customerDocuments(db, id), openConflictId: findOpenConflict(db, id)?.id ?? null };
}

/**
 * Registers a customer typed at the counter and queues it for 1C. Throws `validation` (issues per
 * field) for what cannot be a real tax id, phone or e-mail, and `conflict` (details: the customer
 * found) when a live customer already has the same ИНН/БИН, e-mail or phone.
 */
export function createCustomer(db: AppDb, fields: CustomerFields, acting: Acting): CustomerRecord {
  const version = normalizeCustomerFields(fields);
  return db.sqlite
    .transaction((): CustomerRecord => {
      refuseDuplicate(db, version, null);
      const id = uuidv7({ msecs: acting.now });
      insertCustomer(db, { id, ref1c: null, version, syncState: 'queued', dataVersion1c: null, isDeleted: false, base: null, revision: 1, now: acting.now, seenAt: null });
      queueCustomerSend(db, id, acting.now);
      auditCustomer(db, { at: acting.now, userId: acting.userId, action: customerAuditActions.create, customer: { id, name: version.name }, details: { fields: version } });
      return requireCustomer(db, id);
    })
    .immediate();
}

/**
 * Changes a customer and queues the change for 1C (a change of the country alone stays here: 1C does
 * not hold it). Only the fields that changed are checked: a tax id 1C holds with a wrong check digit
 * must not stop the cashier from fixing a phone. Issue paths start with `fields`, where the channel's
 * input keeps them. Refuses (`conflict`) while the customer has an open conflict with 1C.
 */
export function updateCustomer(db: AppDb, id: string, fields: CustomerFields, acting: Acting): CustomerRecord {
  return db.sqlite
    .transaction((): CustomerRecord => {
      const record = requireCustomer(db, id);
      if (record.syncState === 'conflict') {
        throw new AppError('conflict', `Покупатель «${record.version.name}» изменён и здесь, и в 1С: сначала выберите, какие данные оставить (расхождения с 1С).`, {
          details: { customerId: id, conflictId: findOpenConflict(db, id)?.id ?? null },
        });
      }
      const changed = changedFields(normalizeValid(fields), record.version);
      if (changed.length === 0) return record;
      const only = new Set<CustomerVersionField>(changed);
      // Tax-id rules depend on the kind and the country.
      if (only.has('kind') || only.has('country')) {
        only.add('inn');
        only.add('kpp');
      }
      const version = normalizeCustomerFields(fields, { pathPrefix: ['fields'], only });
      if (changed.some((field) => field === 'inn' || field === 'email' || field === 'phone' || field === 'kpp')) refuseDuplicate(db, version, id);
      const isLocalOnly = changed.every((field) => field === 'country');
      updateCustomerRow(
        db,
        id,
        isLocalOnly
          ? { version }
          : { version, revision: record.revision + 1, syncState: 'queued', last1cMessage: null },
        acting.now,
      );
      if (!isLocalOnly) queueCustomerSend(db, id, acting.now);
      auditCustomer(db, {
        at: acting.now,
        userId: acting.userId,
        action: customerAuditActions.edit,
        customer: { id, name: version.name },
        details: { fields: Object.fromEntries(changed.map((field) => [field, { from: record.version[field], to: version[field] }])) },
      });
      return requireCustomer(db, id);
    })
    .immediate();
}

function refuseDuplicate(db: AppDb, version: CustomerRecord['version'], exceptId: string | null): void {
  const duplicate = findDuplicate(db, version, exceptId);
  if (!duplicate) return;
  const { customer, field } = duplicate;
  throw new AppError('conflict', `Такой покупатель уже есть: «${customer.version.name}» — совпадает ${fieldTitles[field]}. Выберите его из списка или исправьте данные.`, {
    details: { customerId: customer.id, field, name: customer.version.name },
  });
}
