import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../app/ProgressBar';
import { createStockFormatters } from '../stock/stock-format';
import { type SyncRun } from './use-sync-run';

/** Determinate when the host knows the total of the current job, indeterminate otherwise. */
export function SyncProgressBar({ run }: { run: SyncRun }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const progress = run.phase === 'running' ? run.progress : null;
  const total = progress?.total ?? null;
  const isDeterminate = progress !== null && total !== null && total > 0;
  const done = progress === null ? 0 : isDeterminate ? Math.min(progress.done, total) : progress.done;
  const jobName = progress ? t(`sync.jobs.${progress.job}`) : null;
  const amount =
    progress === null
      ? ''
      : isDeterminate
        ? t('sync.progressOf', { done: format.count(done), total: format.count(total) })
        : format.count(done);
  // Phases are the host's words (scan, fetch, apply…); a phase this version does not know is left
  // out rather than shown raw.
  const phaseKey = progress ? `sync.phases.${progress.phase}` : null;
  const phase = phaseKey && i18n.exists(phaseKey) ? t(phaseKey) : null;
  const text = jobName
    ? `${jobName}${phase ? ` — ${phase}` : ''}: ${amount}`
    : t(run.phase === 'starting' ? 'sync.starting' : 'sync.running');

  return (
    <div className="sync-progress-block">
      <div className="sync-progress-text" data-testid="sync-progress-text" data-job={progress?.job}>
        {text}
      </div>
      <ProgressBar
        testId="sync-progress"
        label={t('sync.progressLabel')}
        text={text}
        value={isDeterminate ? { now: done, max: total, percent: Math.round((done / total) * 100) } : null}
      />
    </div>
  );
}
