// CommerceML channels: each a call into the exchange folder service (commerceml/exchange).
import { type CmlExchange } from '../commerceml/exchange/cml-exchange.service';
import { type Actor } from '../security/desk-session';
import { type Handlers } from './dispatch';

type CmlChannel = 'cml.folder.list' | 'cml.import.start' | 'cml.import.status' | 'cml.export.orders';

export type CommercemlHandlerDeps = {
  exchange: CmlExchange;
  /** Who acts now: recorded in the audit rows of imports and exports. */
  actor: () => Actor;
};

export function createCommercemlHandlers(deps: CommercemlHandlerDeps): Pick<Handlers, CmlChannel> {
  const { exchange } = deps;
  return {
    'cml.folder.list': () => exchange.list(),
    'cml.import.start': ({ files, dryRun }) => exchange.startImport({ files, dryRun }, deps.actor().userId),
    'cml.import.status': () => exchange.status(),
    'cml.export.orders': ({ documentIds }) => {
      const { fileName, documents, bytes } = exchange.exportOrders(documentIds, deps.actor().userId);
      return { fileName, documents, bytes };
    },
  };
}
