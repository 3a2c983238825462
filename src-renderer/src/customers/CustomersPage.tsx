import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerSyncState } from '../../../src-preload/contract';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { navigateTo } from '../app/app-routes';
import { TabBar } from '../app/TabBar';
import { useCan } from '../auth/auth-context';
import { useDebouncedValue } from '../stock/use-debounced-value';
import { ConflictQueue } from './ConflictQueue';
import { CustomerDialog } from './CustomerDialog';
import { CustomerTable } from './CustomerTable';
import { customerListQuery, customersLocation, type CustomersTab } from './customers-query';
import { type ConflictQueueControl } from './use-customer-conflicts';
import '../styles/manager-screens.css';
import '../styles/customer-screens.css';

const pageSize = 50;
const tabIds: readonly CustomersTab[] = ['list', 'conflicts'];

/**
 * «Покупатели» at #/customers: the searchable list with each customer's card
 * (#/customers/list/<id>), and the queue of customers changed both here and in 1C
 * (#/customers/conflicts).
 */
export function CustomersPage({ params, queue }: { params: readonly string[]; queue: ConflictQueueControl }) {
  const { t } = useTranslation();
  const { tab, openId } = customersLocation(params);
  const canEdit = useCan('customers');
  const [search, setSearch] = useState('');
  const [syncState, setSyncState] = useState<CustomerSyncState | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const filter = { search: useDebouncedValue(search, 250), syncState };
  // A new search or state starts at the first page without an effect resetting it.
  const filterKey = JSON.stringify(filter);
  const [page, setPage] = useState({ filterKey, offset: 0 });
  const offset = page.filterKey === filterKey ? page.offset : 0;
  const list = useInvoke('customers.list', customerListQuery(filter, pageSize, offset));
  const { reload } = list;
  // The outbox and the pull change states in the background; many changes in a row re-read once.
  const reloadTimer = useRef<number | null>(null);
  useEffect(() => () => window.clearTimeout(reloadTimer.current ?? undefined), []);
  useEvent('customers.changed', () => {
    if (reloadTimer.current !== null) return;
    reloadTimer.current = window.setTimeout(() => {
      reloadTimer.current = null;
      reload();
    }, 300);
  });
  const conflictCount = queue.conflicts?.length ?? 0;

  return (
    <section className="page page-customers">
      <header className="page-header page-header-row">
        <h1 data-testid="page-title">{t('nav.customers')}</h1>
        {tab === 'list' && canEdit && (
          <button type="button" className="button-primary" data-testid="customer-new" onClick={() => setIsCreating(true)}>
            {t('customers.newCustomer')}
          </button>
        )}
      </header>
      <TabBar
        tabs={tabIds.map((id) => ({ id, label: id === 'conflicts' && conflictCount > 0 ? t('customers.tabs.conflictsCount', { count: conflictCount }) : t(`customers.tabs.${id}`) }))}
        current={tab}
        onSelect={(id) => navigateTo('customers', ...(id === 'list' ? [] : [id]))}
        label={t('nav.customers')}
        idPrefix="customers"
      />
      <div role="tabpanel" id="customers-panel" aria-labelledby={`customers-tab-${tab}`} data-testid={`customers-panel-${tab}`}>
        {tab === 'list' ? (
          <CustomerTable
            search={search}
            onSearch={setSearch}
            syncState={syncState}
            onSyncState={setSyncState}
            list={list}
            offset={offset}
            pageSize={pageSize}
            onPage={(next) => setPage({ filterKey, offset: next })}
            onOpen={(id) => navigateTo('customers', 'list', id)}
          />
        ) : (
          <ConflictQueue queue={queue} onResolved={reload} />
        )}
      </div>
      {(isCreating || openId !== null) && (
        <CustomerDialog
          key={isCreating ? 'new' : openId}
          id={isCreating ? null : openId}
          onClose={() => {
            setIsCreating(false);
            if (openId !== null) navigateTo('customers');
          }}
          onSaved={() => {
            setIsCreating(false);
            reload();
            queue.reload();
            if (openId !== null) navigateTo('customers');
          }}
          onOpenExisting={(id) => {
            setIsCreating(false);
            navigateTo('customers', 'list', id);
          }}
        />
      )}
    </section>
  );
}
