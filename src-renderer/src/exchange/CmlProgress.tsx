import { useTranslation } from 'react-i18next';
import { type CmlRun } from '../../../src-preload/contract';
import { formatBytes, progressPercent } from './cml-format';

/** The running import: which file, how many bytes of how many; indeterminate until the total is known. */
export function CmlProgress({ run }: { run: CmlRun }) {
  const { t, i18n } = useTranslation();
  const percent = progressPercent(run);
  const isDeterminate = percent !== null;
  const amount = isDeterminate
    ? t('exchange.progress.amount', { done: formatBytes(run.bytesDone, i18n.language), total: formatBytes(run.bytesTotal, i18n.language), percent })
    : formatBytes(run.bytesDone, i18n.language);
  const what = t(run.dryRun ? 'exchange.progress.checking' : 'exchange.progress.importing');
  const text = run.file ? `${what} ${run.file}: ${amount}` : `${what}: ${amount}`;
  return (
    <div className="sync-progress-block" data-testid="cml-progress-block">
      <div className="sync-progress-text" data-testid="cml-progress-text" data-file={run.file ?? undefined}>
        {text}
      </div>
      <div
        className={isDeterminate ? 'progress' : 'progress is-indeterminate'}
        role="progressbar"
        data-testid="cml-progress"
        aria-label={t('exchange.progress.label')}
        aria-valuetext={text}
        aria-valuemin={isDeterminate ? 0 : undefined}
        aria-valuemax={isDeterminate ? run.bytesTotal : undefined}
        aria-valuenow={isDeterminate ? Math.min(run.bytesDone, run.bytesTotal) : undefined}
      >
        <div className="progress-fill" style={isDeterminate ? { width: `${percent}%` } : undefined} />
      </div>
    </div>
  );
}
