import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type SyncCounts, type SyncJobStatus } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { createSyncFormatters } from './sync-format';

const countFields = ['fetched', 'inserted', 'updated', 'deleted', 'unchanged'] as const satisfies ReadonlyArray<
  keyof SyncCounts
>;

/** One row per pull job with its last run: what came from 1C, what changed here, how long it took. */
export function SyncJobTable({ jobs, now }: { jobs: readonly SyncJobStatus[]; now: number }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const syncFormat = useMemo(() => createSyncFormatters(t, i18n.language), [t, i18n.language]);
  const dash = t('stock.noValue');

  return (
    <div className="table-scroll">
      <table className="data-table sync-jobs" data-testid="sync-jobs">
        <caption className="visually-hidden">{t('sync.jobsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sync.columns.job')}</th>
            <th scope="col">{t('sync.columns.lastSuccess')}</th>
            <th scope="col">{t('sync.columns.status')}</th>
            <th scope="col" className="num">
              {t('sync.columns.duration')}
            </th>
            {countFields.map((field) => (
              <th scope="col" className="num" key={field}>
                {t(`sync.columns.${field}`)}
              </th>
            ))}
            <th scope="col" className="num">
              {t('sync.columns.bytes')}
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map(({ job, lastRun, lastSuccessAt }) => {
            const status = lastRun?.status ?? 'never';
            return (
              <tr key={job} data-testid="sync-job-row" data-job={job} data-status={status}>
                <th scope="row">{t(`sync.jobs.${job}`)}</th>
                <td data-col="lastSuccess" title={lastSuccessAt === null ? undefined : format.dateTime(lastSuccessAt)}>
                  {lastSuccessAt === null ? t('sync.never') : format.freshness(lastSuccessAt, now)}
                </td>
                <td data-col="status">
                  <span className={`status-badge is-${status}`}>{t(`sync.statuses.${status}`)}</span>
                  {lastRun?.status === 'failed' && lastRun.errorMessage && (
                    <div className="status-message" data-testid="sync-job-error">
                      {lastRun.errorMessage}
                    </div>
                  )}
                </td>
                <td className="num" data-col="duration">
                  {lastRun?.durationMs == null ? dash : syncFormat.duration(lastRun.durationMs)}
                </td>
                {countFields.map((field) => (
                  <td className="num" key={field} data-col={field} data-value={lastRun ? lastRun.counts[field] : undefined}>
                    {lastRun ? format.count(lastRun.counts[field]) : dash}
                  </td>
                ))}
                <td className="num" data-col="bytes" data-value={lastRun?.bytes}>
                  {lastRun ? syncFormat.bytes(lastRun.bytes) : dash}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
