import { useTranslation } from 'react-i18next';
import { type CmlRun } from '../../../src-preload/contract';
import { ProgressBar } from '../app/ProgressBar';
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
      <ProgressBar
        testId="cml-progress"
        label={t('exchange.progress.label')}
        text={text}
        value={isDeterminate ? { now: Math.min(run.bytesDone, run.bytesTotal), max: run.bytesTotal, percent } : null}
      />
    </div>
  );
}
