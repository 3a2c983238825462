import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type DashboardSummary } from '../../../src-preload/contract';
import { hrefFor } from '../app/app-routes';
import { createStockFormatters } from '../stock/stock-format';

type Props = { jobs: DashboardSummary['sync']; now: number };

/** Each pull job's state and last success; a failed one shows its message. */
export function SyncHealthList({ jobs, now }: Props) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  return (
    <section className="dash-panel" aria-labelledby="dash-sync-title" data-testid="dash-sync">
      <h2 id="dash-sync-title">
        <a href={hrefFor('sync')}>{t('dashboard.sync.title')}</a>
      </h2>
      {jobs.length === 0 ? (
        <p className="empty">{t('dashboard.sync.empty')}</p>
      ) : (
        <ul className="health-list">
          {jobs.map((job) => (
            <li key={job.job} className={`health-item is-${job.state}`} data-testid="dash-sync-job" data-job={job.job} data-state={job.state}>
              <span className="health-dot" aria-hidden="true" />
              <span className="health-title">{job.title}</span>
              <span className="health-state">{t(`dashboard.sync.states.${job.state}`)}</span>
              <span className="muted">
                {job.lastSuccessAt === null ? t('dashboard.sync.neverOk') : t('dashboard.sync.lastOk', { time: format.freshness(job.lastSuccessAt, now) })}
              </span>
              {job.state === 'failed' && job.lastErrorMessage && <span className="health-error">{job.lastErrorMessage}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
