// Conflicts between the counter and 1C: listed side by side, resolved field by field. The result is
// written over exactly the 1C version the person saw (its DataVersion becomes the base), so a further
// change in 1C meanwhile is caught again by the outbox instead of being overwritten.
import { type CustomerConflict, type CustomerVersion, type CustomerVersionField, customerVersionFields } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { AppError } from '../errors/app-error';
import { type CustomerRecord, isSameIn1C } from './customer';
import { auditCustomer, customerAuditActions } from './customer-audit';
import { closeConflict, findConflict, listOpenConflicts } from './customer-conflicts.repo';
import { changedFields, fieldsError, findFieldIssues, normalizeValid } from './customer-fields';
import { completeCustomerSend, queueCustomerSend } from './customer-outbox.repo';
import { requireCustomer, updateCustomer } from './customers.repo';
import { type Acting } from './customers.service';

export type Take = Record<CustomerVersionField, 'local' | 'remote'>;

export function listConflicts(db: AppDb): CustomerConflict[] {
  return listOpenConflicts(db).map(({ remoteVersion1c: _ignored, ...conflict }) => conflict);
}

/**
 * Takes each field from the side the person chose. The result is queued for 1C unless it equals 1C's
 * version (then the customer is simply in sync). Fields taken from 1C are 1C's own values and are not
 * checked again (1C accepted them; nothing of them is sent); the rest is checked like any edit, with
 * issue paths under `take`. Throws `not_found`, or `conflict` when it was resolved already.
 */
export function resolveConflict(db: AppDb, input: { id: string; take: Take }, acting: Acting): CustomerRecord {
  return db.sqlite
    .transaction((): CustomerRecord => {
      const conflict = findConflict(db, input.id);
      if (!conflict) throw new AppError('not_found', 'Расхождение не найдено: возможно, его уже разобрали на другом компьютере.');
      if (conflict.isResolved) throw new AppError('conflict', 'Это расхождение уже разобрано — обновите список.');
      const record = requireCustomer(db, conflict.customerId);
      const chosen = Object.fromEntries(customerVersionFields.map((field) => [field, conflict[input.take[field]][field]])) as CustomerVersion;
      const issues = findFieldIssues(chosen).filter((issue) => {
        const field = issue.path[0] as CustomerVersionField;
        return !(input.take[field] === 'remote' && chosen[field] === conflict.remote[field]);
      });
      if (issues.length > 0) throw fieldsError(issues, ['take']);
      const merged = normalizeValid(chosen);
      const isAsIn1C = isSameIn1C(merged, conflict.remote);
      updateCustomer(
        db,
        record.id,
        {
          version: merged,
          base: conflict.remote,
          dataVersion1c: conflict.remoteVersion1c,
          sent: [],
          syncState: isAsIn1C ? 'synced' : 'queued',
          revision: record.revision + 1,
          last1cMessage: null,
        },
        acting.now,
      );
      if (isAsIn1C) completeCustomerSend(db, record.id, acting.now);
      else queueCustomerSend(db, record.id, acting.now);
      const details = { conflictId: conflict.id, take: input.take, result: isAsIn1C ? 'synced' : 'queued', changesFor1C: changedFields(conflict.remote, merged) };
      closeConflict(db, conflict.id, { by: acting.userId, details, now: acting.now });
      auditCustomer(db, { at: acting.now, userId: acting.userId, action: customerAuditActions.resolve, customer: { id: record.id, name: merged.name }, details });
      return requireCustomer(db, record.id);
    })
    .immediate();
}
