import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomerSyncState, type InvokeOutput } from '../../../src-preload/contract';
import { type InvokeState } from '../api/use-invoke';
import { hrefFor } from '../app/app-routes';
import { Pager } from '../app/Pager';
import { createStockFormatters } from '../stock/stock-format';
import { customerSyncStateList } from './customer-form';
import { CustomerSyncBadge } from './CustomerSyncBadge';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  search: string;
  onSearch: (text: string) => void;
  syncState: CustomerSyncState | null;
  onSyncState: (state: CustomerSyncState | null) => void;
  list: InvokeState<InvokeOutput<'customers.list'>>;
  offset: number;
  pageSize: number;
  onPage: (offset: number) => void;
  onOpen: (id: string) => void;
};

/** The customers found by name, ИНН/БИН, phone or e-mail, a page at a time, with where each stands with 1C. */
export function CustomerTable({ search, onSearch, syncState, onSyncState, list, offset, pageSize, onPage, onOpen }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const value = list.value;
  const dash = t('stock.noValue');

  return (
    <>
      <div className="toolbar">
        <label className="field field-grow">
          <span className="field-label">{t('customers.search')}</span>
          <input
            type="search"
            data-testid="customer-search"
            value={search}
            placeholder={t('customers.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => onSearch(event.target.value)}
          />
        </label>
        <div className="segmented" role="group" aria-label={t('customers.filterState')} data-testid="customer-filter-state">
          <button type="button" aria-pressed={syncState === null} data-testid="customer-filter-all" onClick={() => onSyncState(null)}>
            {t('customers.allStates')}
          </button>
          {customerSyncStateList.map((state) => (
            <button type="button" key={state} aria-pressed={syncState === state} data-testid={`customer-filter-${state}`} onClick={() => onSyncState(state)}>
              {t(`customers.states.${state}`)}
            </button>
          ))}
        </div>
        <span className="total" data-testid="customer-total" data-total={value?.total}>
          {value ? t('customers.total', { formatted: format.count(value.total) }) : t('app.loading')}
        </span>
      </div>

      <ErrorAlert error={list.status === 'error' ? list.error : null} testId="customer-list-error" />

      {value && value.rows.length === 0 ? (
        <p className="empty" data-testid="customer-list-empty">
          {search.trim() === '' && syncState === null ? t('customers.empty') : t('customers.emptyFiltered')}
        </p>
      ) : value ? (
        <div className="table-scroll">
          <table className="data-table customer-list" data-testid="customer-list">
            <caption className="visually-hidden">{t('customers.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customers.columns.name')}</th>
                <th scope="col">{t('customers.columns.inn')}</th>
                <th scope="col">{t('customers.columns.phone')}</th>
                <th scope="col">{t('customers.columns.email')}</th>
                <th scope="col">{t('customers.columns.state')}</th>
              </tr>
            </thead>
            <tbody>
              {value.rows.map((row) => (
                <tr key={row.id} className="is-clickable" data-testid="customer-row" data-id={row.id} data-state={row.syncState} onClick={() => onOpen(row.id)}>
                  <td data-col="name">
                    {/* A real link: Tab reaches every customer, Enter opens the card; the click also bubbles to the row. */}
                    <a href={hrefFor('customers', 'list', row.id)} onClick={(event) => event.stopPropagation()}>
                      {row.name}
                    </a>
                    <span className="muted"> · {t(`customers.kinds.${row.kind}`)}</span>
                  </td>
                  <td className="mono" data-col="inn">
                    {row.inn || dash}
                  </td>
                  <td className="mono" data-col="phone">
                    {row.phone || dash}
                  </td>
                  <td data-col="email">{row.email || dash}</td>
                  <td data-col="state">
                    <CustomerSyncBadge state={row.syncState} />
                    {row.syncState === 'rejected' && row.last1cMessage && (
                      <div className="status-message" data-testid="customer-row-message">
                        {row.last1cMessage}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {value && <Pager offset={offset} pageSize={pageSize} total={value.total} onChange={onPage} />}
    </>
  );
}
