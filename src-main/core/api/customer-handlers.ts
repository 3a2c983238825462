// Customer channels: each a call into the customers service, then the event every open list and card
// listens to, and a kick of the outbox when something waits for 1C.
import { type CustomerRow } from '../../../src-preload/contract';
import { type OutboxController } from '../app/outbox-controller';
import { type AppDb } from '../db/open';
import { type CustomerRecord } from '../customers/customer';
import { listConflicts, resolveConflict } from '../customers/customer-conflicts.service';
import { toCustomerRow } from '../customers/customers.repo';
import { createCustomer, getCustomer, listCustomers, updateCustomer } from '../customers/customers.service';
import { type Actor } from '../security/desk-session';
import { type EventBus } from './event-bus';
import { type Handlers } from './dispatch';

export type CustomerHandlerDeps = {
  db: AppDb;
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  events: EventBus;
  outbox: Pick<OutboxController, 'kick'>;
  clock: () => number;
};

type CustomerChannel = 'customers.list' | 'customers.get' | 'customers.create' | 'customers.update' | 'customers.conflicts.list' | 'customers.conflicts.resolve';

export function createCustomerHandlers(deps: CustomerHandlerDeps): Pick<Handlers, CustomerChannel> {
  const { db } = deps;
  const who = () => ({ userId: deps.actor().userId, now: deps.clock() });
  const changed = (record: CustomerRecord): CustomerRow => {
    deps.events.emit('customers.changed', { id: record.id, syncState: record.syncState });
    if (record.syncState === 'queued') deps.outbox.kick();
    return toCustomerRow(record);
  };
  return {
    'customers.list': (query) => listCustomers(db, query),
    'customers.get': ({ id }) => getCustomer(db, id),
    'customers.create': (fields) => changed(createCustomer(db, fields, who())),
    'customers.update': ({ id, fields }) => changed(updateCustomer(db, id, fields, who())),
    'customers.conflicts.list': () => listConflicts(db),
    'customers.conflicts.resolve': ({ id, take }) => changed(resolveConflict(db, { id, take }, who())),
  };
}
