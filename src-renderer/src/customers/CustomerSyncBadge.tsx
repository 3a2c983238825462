import { useTranslation } from 'react-i18next';
import { type CustomerSyncState } from '../../../src-preload/contract';

/** The document chips' colours: in 1C like posted, waiting like queued, refused like rejected. */
const chipClass = { synced: 'is-posted', queued: 'is-queued', rejected: 'is-rejected', conflict: 'is-conflict' } satisfies Record<CustomerSyncState, string>;

/** Where a customer stands with 1C, as a chip that also says it in words. */
export function CustomerSyncBadge({ state }: { state: CustomerSyncState }) {
  const { t } = useTranslation();
  return (
    <span className={`doc-status ${chipClass[state]}`} data-testid="customer-state" data-state={state}>
      {t(`customers.states.${state}`)}
    </span>
  );
}
