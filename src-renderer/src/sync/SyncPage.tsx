import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { hrefFor } from '../app/app-routes';
import { useNow } from '../stock/use-now';
import { errorMessage } from '../i18n/error-message';
import { SyncJobTable } from './SyncJobTable';
import { SyncProgressBar } from './SyncProgressBar';
import { type SyncRunControl } from './use-sync-run';
import { useCan } from '../auth/auth-context';
import { DiagnosticsButton } from '../settings/DiagnosticsButton';
import { ErrorAlert } from '../app/ErrorAlert';

const profileNames = { auto: true, ut11: true, unf: true, retail2: true, retail3: true, bp30: true } as const;

function isKnownProfile(profile: string): profile is keyof typeof profileNames {
  return Object.hasOwn(profileNames, profile);
}

export function SyncPage({ control }: { control: SyncRunControl }) {
  const { t } = useTranslation();
  // Managers reach it here; admins also in Настройки.
  const canExportDiagnostics = useCan('diagnostics');
  const status = useInvoke('sync.status', {});
  const { run, startError, start } = control;
  const overview = status.value;
  const { reload } = status;
  const now = useNow(60_000);

  // The job table reads the journal: refetch when a run ends and when a new job starts (its row
  // turns "running" and the previous one shows its counts), not on every progress tick.
  const lastJob = useRef<string | null>(null);
  useEvent('sync.progress', ({ job }) => {
    if (job === lastJob.current) return;
    lastJob.current = job;
    reload();
  });
  useEvent('sync.finished', () => {
    lastJob.current = null;
    reload();
  });
  useEvent('data.changed', ({ tables }) => {
    if (tables.includes('sync_runs') || tables.includes('settings')) reload();
  });

  // A run started elsewhere (the schedule, another window) before this screen opened is known only
  // from sync.status until its first progress event.
  const isRunning =
    run.phase === 'starting' || run.phase === 'running' || (run.phase === 'idle' && overview?.isRunning === true);
  const isConfigured = overview?.isConfigured === true;
  const profile = overview?.profile ?? null;

  return (
    <section className="page page-sync">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.sync')}</h1>
      </header>

      <dl className="about sync-connection">
        <dt>{t('sync.onecUrl')}</dt>
        <dd className={overview?.onecUrl ? 'mono' : undefined} data-testid="sync-onec-url">
          {overview?.onecUrl ? overview.onecUrl : t('sync.notSet')}
        </dd>
        <dt>{t('sync.profile')}</dt>
        <dd data-testid="sync-profile">
          {profile === null
            ? t('sync.profileUnknown')
            : isKnownProfile(profile)
              ? t(`settings.profiles.${profile}`)
              : profile}
        </dd>
      </dl>

      {overview && !isConfigured && (
        <div className="notice" data-testid="sync-not-configured" role="note">
          <strong>{t('sync.notConfiguredTitle')}</strong>
          <p>{t('sync.notConfiguredText')}</p>
          <a href={hrefFor('settings')}>{t('sync.openSettings')}</a>
        </div>
      )}

      <div className="toolbar">
        <button
          type="button"
          className="button-primary"
          data-testid="sync-now"
          disabled={isRunning || !isConfigured}
          onClick={start}
        >
          {t('sync.runNow')}
        </button>
        {isRunning && <SyncProgressBar run={run} />}
      </div>

      {startError && (
        <p className="error" role="alert" data-testid="sync-error" data-code={startError.code}>
          {t('sync.runFailed')}: {errorMessage(t, startError)}
        </p>
      )}
      {run.phase === 'finished' &&
        (run.isOk ? (
          <p className="success" role="status" data-testid="sync-result" data-state="ok">
            {t('sync.finishedOk')}
          </p>
        ) : (
          <p className="error" role="alert" data-testid="sync-error" data-state="failed">
            {run.errorMessage
              ? t('sync.finishedFailed', { message: run.errorMessage })
              : t('sync.finishedFailedNoMessage')}
          </p>
        ))}
      <ErrorAlert error={status.status === 'error' ? status.error : null} testId="sync-status-error" />

      {overview && <SyncJobTable jobs={overview.jobs} now={now} />}
      {canExportDiagnostics && <DiagnosticsButton />}
    </section>
  );
}
