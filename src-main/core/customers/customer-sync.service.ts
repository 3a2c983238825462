// What the sync does to customers when 1C answers: the pull applies a counterparty read from 1C
// (identity resolution, the three-way rule, conflicts); the outbox records what 1C made of a send.
// Each function writes in the caller's transaction (the pull applies a page in one; the sender wraps
// each step) and returns what changed, for the customers.changed events after the commit.
import { v7 as uuidv7 } from 'uuid';
import { type CustomerSyncState } from '../../../src-preload/contract/customers';
import { type AppDb } from '../db/open';
import { type CustomerRecord, type CustomerVersion, isSameIn1C, threeWay } from './customer';
import { auditCustomer, customerAuditActions } from './customer-audit';
import { closeConflict, findOpenConflict, upsertOpenConflict } from './customer-conflicts.repo';
import { completeCustomerSend, holdCustomerSend, isCustomerBeingSent } from './customer-outbox.repo';
import { findCustomerByRef, findUnlinkedMatch, insertCustomer, requireCustomer, updateCustomer } from './customers.repo';

/** A counterparty as read from 1C, in local terms. `version.country` is inferred; a local one wins. */
export type RemoteCustomer = { ref: string; version: CustomerVersion; dataVersion: string | null; isDeleted: boolean };

export type CustomerChange = { id: string; syncState: CustomerSyncState };

export type PullOutcome = 'inserted' | 'updated' | 'unchanged' | 'skipped';

/**
 * Applies one counterparty from 1C. A customer the outbox is sending right now is left for the next
 * pull (its answer decides). `linkedIds`: local customers linked earlier in the same page, so two 1C
 * counterparties never take the same local one; `hasUnlinked`: whether any local customer is not
 * linked to 1C (see hasUnlinkedCustomers).
 */
export function applyPulledCustomer(
  db: AppDb,
  remote: RemoteCustomer,
  context: { now: number; linkedIds: Set<string>; hasUnlinked: boolean },
): { outcome: PullOutcome; change: CustomerChange | null } {
  const { now } = context;
  const local = findCustomerByRef(db, remote.ref);
  if (local) {
    if (isCustomerBeingSent(db, local.id)) return { outcome: 'skipped', change: null };
    return applyToLinked(db, local, remote, now);
  }
  // Most pulls have no local customer waiting for a link: then there is nothing to match against.
  if (!remote.isDeleted && context.hasUnlinked) {
    const match = findUnlinkedMatch(db, remote.version, context.linkedIds);
    if (match) {
      context.linkedIds.add(match.customer.id);
      const state = linkMatched(db, match.customer, remote, { by: match.by, userId: null, now });
      return { outcome: 'updated', change: { id: match.customer.id, syncState: state } };
    }
  }
  const id = uuidv7({ msecs: now });
  insertCustomer(db, { id, ref1c: remote.ref, version: remote.version, syncState: 'synced', dataVersion1c: remote.dataVersion, isDeleted: remote.isDeleted, base: remote.version, revision: 0, now, seenAt: now });
  return { outcome: 'inserted', change: { id, syncState: 'synced' } };
}

function applyToLinked(db: AppDb, local: CustomerRecord, remote: RemoteCustomer, now: number): { outcome: PullOutcome; change: CustomerChange | null } {
  // The country is the counter's choice, not 1C's.
  const remoteVersion: CustomerVersion = { ...remote.version, country: local.version.country };
  const deletion = local.isDeleted === remote.isDeleted ? {} : { isDeleted: remote.isDeleted };
  const changed = (syncState: CustomerSyncState): { outcome: PullOutcome; change: CustomerChange } => ({ outcome: 'updated', change: { id: local.id, syncState } });
  switch (local.syncState) {
    case 'synced': {
      if (remote.dataVersion === local.dataVersion1c && isSameIn1C(local.version, remoteVersion) && local.isDeleted === remote.isDeleted) {
        updateCustomer(db, local.id, { seenAt: now }, now);
        return { outcome: 'unchanged', change: null };
      }
      updateCustomer(db, local.id, { version: remoteVersion, base: remoteVersion, dataVersion1c: remote.dataVersion, seenAt: now, ...deletion }, now);
      return changed('synced');
    }
    case 'queued':
    case 'rejected': {
      const decision = threeWay(local, { version: remoteVersion, dataVersion: remote.dataVersion });
      if (decision === 'seen') {
        updateCustomer(db, local.id, { seenAt: now, ...deletion }, now);
        return { outcome: 'unchanged', change: null };
      }
      if (decision === 'agreed') {
        updateCustomer(db, local.id, { version: remoteVersion, base: remoteVersion, dataVersion1c: remote.dataVersion, sent: [], syncState: 'synced', last1cMessage: null, seenAt: now, ...deletion }, now);
        completeCustomerSend(db, local.id, now);
        return changed('synced');
      }
      if (decision === 'rebased') {
        updateCustomer(db, local.id, { base: remoteVersion, dataVersion1c: remote.dataVersion, seenAt: now, ...deletion }, now);
        return { outcome: 'updated', change: null };
      }
      openConflict(db, local, { remote: remoteVersion, dataVersion: remote.dataVersion, base: local.base, userId: null, now });
      if (remote.isDeleted !== local.isDeleted) updateCustomer(db, local.id, { isDeleted: remote.isDeleted }, now);
      return changed('conflict');
    }
    case 'conflict': {
      const open = findOpenConflict(db, local.id);
      if (open && open.remoteVersion1c === remote.dataVersion) {
        updateCustomer(db, local.id, { seenAt: now, ...deletion }, now);
        return { outcome: 'unchanged', change: null };
      }
      if (isSameIn1C(local.version, remoteVersion)) {
        // Someone made 1C equal to the counter's version: nothing is left to decide.
        if (open) closeConflict(db, open.id, { by: null, details: { result: 'synced', reason: '1С совпала с версией Прилавка' }, now });
        updateCustomer(db, local.id, { base: remoteVersion, dataVersion1c: remote.dataVersion, sent: [], syncState: 'synced', seenAt: now, ...deletion }, now);
        completeCustomerSend(db, local.id, now);
        return changed('synced');
      }
      // 1C changed again: the conflict shows its newest version.
      upsertOpenConflict(db, { customerId: local.id, local: local.version, remote: remoteVersion, base: local.base, remoteVersion1c: remote.dataVersion, now });
      updateCustomer(db, local.id, { seenAt: now, ...deletion }, now);
      return changed('conflict');
    }
  }
}

export function hasUnlinkedCustomers(db: AppDb): boolean {
  return db.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM customers WHERE ref_1c IS NULL AND is_deleted = 0)').pluck().get() === 1;
}

/**
 * Links a local customer (never sent, or sent with its answer lost) to a counterparty 1C already has:
 * equal → in sync; different → a conflict with no base (the two were never known equal).
 */
export function linkMatched(db: AppDb, local: CustomerRecord, remote: RemoteCustomer, context: { by: 'inn' | 'email' | 'phone' | 'key' | 'marker'; userId: string | null; now: number }): CustomerSyncState {
  const { now } = context;
  const remoteVersion: CustomerVersion = { ...remote.version, country: local.version.country };
  auditCustomer(db, { at: now, userId: context.userId, action: customerAuditActions.link, customer: { id: local.id, name: local.version.name }, details: { ref1c: remote.ref, by: context.by } });
  if (isSameIn1C(local.version, remoteVersion)) {
    updateCustomer(db, local.id, { ref1c: remote.ref, base: remoteVersion, dataVersion1c: remote.dataVersion, sent: [], syncState: 'synced', last1cMessage: null, isDeleted: remote.isDeleted, seenAt: now }, now);
    completeCustomerSend(db, local.id, now);
    return 'synced';
  }
  updateCustomer(db, local.id, { ref1c: remote.ref, dataVersion1c: null, base: null, isDeleted: remote.isDeleted, seenAt: now }, now);
  openConflict(db, { ...local, ref1c: remote.ref }, { remote: remoteVersion, dataVersion: remote.dataVersion, base: null, userId: context.userId, now });
  return 'conflict';
}

/** A conflict: both sides recorded, the customer waits for a decision, its send is held. */
export function openConflict(
  db: AppDb,
  local: CustomerRecord,
  input: { remote: CustomerVersion; dataVersion: string | null; base: CustomerVersion | null; userId: string | null; now: number },
): string {
  const id = upsertOpenConflict(db, { customerId: local.id, local: local.version, remote: input.remote, base: input.base, remoteVersion1c: input.dataVersion, now: input.now });
  updateCustomer(db, local.id, { syncState: 'conflict' }, input.now);
  holdCustomerSend(db, local.id, input.now);
  auditCustomer(db, {
    at: input.now,
    userId: input.userId,
    action: customerAuditActions.conflict,
    customer: { id: local.id, name: local.version.name },
    details: { conflictId: id, local: local.version, remote: input.remote, hasBase: input.base !== null },
  });
  return id;
}

/**
 * 1C took a send and answered with the object as it now holds it. When the counter has not changed the
 * customer meanwhile, the local version becomes 1C's (1C may have cut a long string) and it is in
 * sync; otherwise the newer edit goes next, over the version 1C just gave: the caller, which holds the
 * outbox row as 'sending', makes it due again.
 */
export function recordSent(
  db: AppDb,
  customerId: string,
  answer: { ref: string; version: CustomerVersion; dataVersion: string | null; isDeleted: boolean },
  sentRevision: number,
  now: number,
): CustomerSyncState {
  const record = requireCustomer(db, customerId);
  const version: CustomerVersion = { ...answer.version, country: record.version.country };
  if (record.revision === sentRevision && record.syncState !== 'conflict') {
    updateCustomer(db, customerId, { ref1c: answer.ref, version, base: version, dataVersion1c: answer.dataVersion, sent: [], syncState: 'synced', last1cMessage: null, isDeleted: answer.isDeleted, seenAt: now }, now);
    completeCustomerSend(db, customerId, now);
    return 'synced';
  }
  updateCustomer(db, customerId, { ref1c: answer.ref, base: version, dataVersion1c: answer.dataVersion, isDeleted: answer.isDeleted, seenAt: now }, now);
  return record.syncState;
}

/** 1C refused the create or change: the counter sees 1C's words; an edit queues it again. */
export function recordRejected(db: AppDb, customerId: string, message: string, now: number): void {
  const record = requireCustomer(db, customerId);
  updateCustomer(db, customerId, { syncState: 'rejected', last1cMessage: message }, now);
  auditCustomer(db, { at: now, userId: null, action: customerAuditActions.reject, customer: { id: customerId, name: record.version.name }, details: { message } });
}
