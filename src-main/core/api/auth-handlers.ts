// Sign-in, users and the audit log viewer. The permission checks ran in dispatch already; these only
// call the session and the services.
import { type AppDb } from '../db/open';
import { listAudit } from '../security/audit-log.repo';
import { type DeskSession } from '../security/desk-session';
import { createUser, listUsers, updateUser } from '../security/users.service';
import { type EventBus } from './event-bus';
import { type Handlers } from './dispatch';

export type AuthHandlerDeps = { db: AppDb; session: DeskSession; events: EventBus; clock: () => number };

type AuthChannel = 'auth.status' | 'auth.signIn' | 'auth.signOut' | 'auth.lock' | 'auth.touch' | 'users.list' | 'users.create' | 'users.update' | 'audit.list';

export function createAuthHandlers(deps: AuthHandlerDeps): Pick<Handlers, AuthChannel> {
  const { db, session } = deps;
  const context = () => ({ now: deps.clock(), userId: session.actor().userId });
  const usersChanged = (): void => deps.events.emit('data.changed', { tables: ['users'] });
  return {
    'auth.status': () => session.status(),
    'auth.signIn': ({ userId, pin }) => session.signIn(userId, pin),
    'auth.signOut': () => session.signOut(),
    'auth.lock': () => session.lock(),
    'auth.touch': () => session.touch(),
    'users.list': () => ({ items: listUsers(db) }),
    'users.create': (input) => {
      const user = createUser(db, input, context());
      session.adopt(user);
      usersChanged();
      return user;
    },
    'users.update': (patch) => {
      const user = updateUser(db, patch, context());
      usersChanged();
      return user;
    },
    'audit.list': (query) => listAudit(db, query),
  };
}
