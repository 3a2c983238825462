import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InvokeInput, type InvokeOutput, type IpcError, type IpcResult, type UserView } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { Pager } from '../app/Pager';
import { ExportCsvButton } from '../reports/ExportCsvButton';
import { auditCsv, auditQuery, type AuditFilter, describeDetails } from './audit-query';
import { ErrorAlert } from '../app/ErrorAlert';

const pageSize = 100;

type AuditPageValue = InvokeOutput<'audit.list'>;

function fetchAudit(query: InvokeInput<'audit.list'>): Promise<IpcResult<AuditPageValue>> {
  return api.invoke('audit.list', query);
}

/** The append-only audit log: who did what and when, filtered, and exported as CSV. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({ from: '', to: '', userId: '', action: '', text: '' });
  const [applied, setApplied] = useState(filter);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPageValue | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [users, setUsers] = useState<UserView[]>([]);

  useEffect(() => {
    // Managers see the log but not the user list (users.* is admin-only): the filter then lists nobody.
    void api.invoke('users.list', {}).then((result) => result.ok && setUsers(result.value.items));
  }, []);
  const show = useCallback((result: IpcResult<AuditPageValue>): AuditPageValue | null => {
    setError(result.ok ? null : result.error);
    return result.ok ? result.value : null;
  }, []);
  useEffect(() => {
    void fetchAudit(auditQuery(applied, pageSize, offset)).then((result) => {
      const value = show(result);
      if (value) setPage(value);
    });
  }, [applied, offset, show]);

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    setOffset(0);
    setApplied(filter);
  }
  const field = (key: keyof AuditFilter) => ({
    value: filter[key],
    onChange: (event: { target: { value: string } }) => setFilter((prev) => ({ ...prev, [key]: event.target.value })),
    'data-testid': `audit-${key}`,
  });
  const time = (at: number): string => new Date(at).toLocaleString(i18n.language);

  return (
    <section className="page">
      <header className="page-header">
        <h1 data-testid="page-title">{t('audit.title')}</h1>
      </header>
      <form className="toolbar" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('audit.from')}</span>
          <input type="date" {...field('from')} />
        </label>
        <label className="field">
          <span className="field-label">{t('audit.to')}</span>
          <input type="date" {...field('to')} />
        </label>
        <label className="field">
          <span className="field-label">{t('audit.user')}</span>
          <select {...field('userId')}>
            <option value="">{t('audit.anyUser')}</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('audit.action')}</span>
          <input {...field('action')} placeholder="document." />
        </label>
        <label className="field">
          <span className="field-label">{t('audit.text')}</span>
          <input {...field('text')} />
        </label>
        <button type="submit" className="button" data-testid="audit-apply">
          {t('audit.apply')}
        </button>
        <ExportCsvButton
          stem="audit"
          testId="audit-export"
          build={async () => {
            const all = show(await fetchAudit(auditQuery(applied, 10_000, 0)));
            return all && auditCsv(all.items, { at: t('audit.at'), user: t('audit.user'), action: t('audit.action'), details: t('audit.details'), system: t('audit.system') });
          }}
        />
      </form>
      <ErrorAlert error={error} />
      {page && (
        <>
          <p className="muted" data-testid="audit-total">
            {t('audit.total', { count: page.total })}
          </p>
          {page.items.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th>{t('audit.at')}</th>
                    <th>{t('audit.user')}</th>
                    <th>{t('audit.action')}</th>
                    <th>{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((entry) => (
                    <tr key={entry.id} data-action={entry.action}>
                      <td>{time(entry.at)}</td>
                      <td>{entry.userName ?? t('audit.system')}</td>
                      <td className="mono">{entry.action}</td>
                      <td className="mono">{describeDetails(entry.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager offset={offset} pageSize={pageSize} total={page.total} onChange={setOffset} />
        </>
      )}
    </section>
  );
}
