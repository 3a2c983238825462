// The alerts channels (issue #6): rules, the alert centre, delivery settings and the test button,
// each a call into the rules service, the events repo or the alerts controller. No user sign-in
// exists yet (issue #7), so rule changes are audited without a user.
import { type AppDb } from '../db/open';
import { listAlertEvents, markAlertsRead } from '../alerts/alert-events.repo';
import { type AlertsController } from '../alerts/alerts-controller';
import { createRule, deleteRule, listRules, updateRule } from '../alerts/rules.service';
import { type Actor } from '../security/desk-session';
import { type Handlers } from './dispatch';

export type AlertHandlerDeps = {
  /** Who acts now (desk-session.ts): recorded on every audited change. */
  actor: () => Actor;
  db: AppDb;
  alerts: AlertsController;
  clock: () => number;
};

type AlertChannelName =
  | 'alerts.rules.list'
  | 'alerts.rules.create'
  | 'alerts.rules.update'
  | 'alerts.rules.delete'
  | 'alerts.events.list'
  | 'alerts.events.markRead'
  | 'alerts.settings.get'
  | 'alerts.settings.set'
  | 'alerts.testDelivery';

export function createAlertHandlers(deps: AlertHandlerDeps): Pick<Handlers, AlertChannelName> {
  const { db, alerts, clock } = deps;
  return {
    'alerts.rules.list': () => ({ items: listRules(db) }),
    'alerts.rules.create': (input) => createRule(db, input, { now: clock(), userId: deps.actor().userId }),
    'alerts.rules.update': (input) => updateRule(db, input, { now: clock(), userId: deps.actor().userId }),
    'alerts.rules.delete': ({ id }) => deleteRule(db, id, { now: clock(), userId: deps.actor().userId }),
    'alerts.events.list': (query) => listAlertEvents(db, query),
    'alerts.events.markRead': (input) => {
      const unread = markAlertsRead(db, input, clock());
      // Every window's badge follows, not only the one that read.
      alerts.announce();
      return { unread };
    },
    'alerts.settings.get': () => alerts.settings.get(),
    'alerts.settings.set': (next) => alerts.settings.set(next),
    'alerts.testDelivery': ({ channel }) => alerts.testDelivery(channel),
  };
}
