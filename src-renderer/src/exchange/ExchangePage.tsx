import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEvent } from '../api/use-event';
import { useInvoke } from '../api/use-invoke';
import { hrefFor } from '../app/app-routes';
import { useCan } from '../auth/auth-context';
import { errorMessage } from '../i18n/error-message';
import { createStockFormatters } from '../stock/stock-format';
import { CmlProgress } from './CmlProgress';
import { CmlReportView } from './CmlReportView';
import { defaultSelection, formatBytes, isImportable, keptSelection } from './cml-format';
import { OrdersExport } from './OrdersExport';
import { useCmlImport } from './use-cml-import';
import '../styles/customer-screens.css';
import { ErrorAlert } from '../app/ErrorAlert';

/**
 * «Обмен CommerceML»: the exchange folder's files, a dry run or an import of the chosen ones with
 * its progress and report, and order files for 1C from shipments.
 */
export function ExchangePage() {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const canSetFolder = useCan('settings');
  const listing = useInvoke('cml.folder.list', {});
  const { reload } = listing;
  const control = useCmlImport();
  const { run } = control;
  // null: nothing chosen by hand yet, so every importable file is.
  const [chosen, setChosen] = useState<string[] | null>(null);
  const files = useMemo(() => listing.value?.files ?? [], [listing.value]);
  const selected = chosen === null ? defaultSelection(files) : keptSelection(chosen, files);
  const selectedSet = new Set(selected);
  const isRunning = run?.state === 'running' || control.isStarting;

  // The folder changes when settings change (another window, the admin) and after an import.
  useEvent('data.changed', ({ tables }) => {
    if (tables.includes('settings')) reload();
  });
  const lastState = useRef(run?.state);
  useEffect(() => {
    if (lastState.current === 'running' && run?.state !== 'running') reload();
    lastState.current = run?.state;
  }, [run?.state, reload]);

  function toggle(name: string, isOn: boolean): void {
    setChosen(isOn ? [...selected, name] : selected.filter((n) => n !== name));
  }

  const folder = listing.value?.folder ?? null;
  const importable = files.filter((file) => isImportable(file.kind));
  const isAllChosen = importable.length > 0 && importable.every((file) => selectedSet.has(file.name));

  return (
    <section className="page page-exchange">
      <header className="page-header page-header-row">
        <h1 data-testid="page-title">{t('nav.exchange')}</h1>
      </header>

      <dl className="about">
        <dt>{t('exchange.folder')}</dt>
        <dd className={folder ? 'mono' : undefined} data-testid="cml-folder" data-value={folder ?? ''}>
          {folder ?? t('exchange.folderNotSet')}
        </dd>
      </dl>
      {listing.value && folder === null && (
        <div className="notice" role="note" data-testid="cml-folder-hint">
          <p>{t('exchange.folderHint')}</p>
          {canSetFolder && <a href={hrefFor('settings')}>{t('exchange.openSettings')}</a>}
        </div>
      )}
      <ErrorAlert error={listing.status === 'error' ? listing.error : null} testId="cml-folder-error" />

      {folder !== null && (
        <>
          <div className="toolbar">
            <h2>{t('exchange.files.title')}</h2>
            <button type="button" className="button" data-testid="cml-refresh" onClick={reload}>
              {t('exchange.files.refresh')}
            </button>
          </div>
          {files.length === 0 ? (
            <p className="empty" data-testid="cml-files-empty">
              {t('exchange.files.empty')}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="data-table exchange-files" data-testid="cml-files">
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        data-testid="cml-check-all"
                        aria-label={t('exchange.files.chooseAll')}
                        checked={isAllChosen}
                        disabled={importable.length === 0}
                        onChange={(event) => setChosen(event.target.checked ? importable.map((file) => file.name) : [])}
                      />
                    </th>
                    <th scope="col">{t('exchange.files.name')}</th>
                    <th scope="col">{t('exchange.files.kind')}</th>
                    <th scope="col" className="num">
                      {t('exchange.files.size')}
                    </th>
                    <th scope="col">{t('exchange.files.modified')}</th>
                  </tr>
                </thead>
                <tbody>
                  {files.map((file) => (
                    <tr key={file.name} data-testid="cml-file" data-name={file.name} data-kind={file.kind}>
                      <td>
                        {isImportable(file.kind) && (
                          <input
                            type="checkbox"
                            data-testid="cml-file-check"
                            aria-label={t('exchange.files.choose', { name: file.name })}
                            checked={selectedSet.has(file.name)}
                            onChange={(event) => toggle(file.name, event.target.checked)}
                          />
                        )}
                      </td>
                      <td className="mono">{file.name}</td>
                      <td data-col="kind">{t(`exchange.kinds.${file.kind}`)}</td>
                      <td className="num">{formatBytes(file.size, i18n.language)}</td>
                      <td>{format.dateTime(file.modifiedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="toolbar">
            <button
              type="button"
              className="button"
              data-testid="cml-dry-run"
              disabled={selected.length === 0 || isRunning}
              onClick={() => void control.start(selected, true)}
            >
              {t('exchange.dryRun')}
            </button>
            <button
              type="button"
              className="button-primary"
              data-testid="cml-import"
              disabled={selected.length === 0 || isRunning}
              onClick={() => void control.start(selected, false)}
            >
              {t('exchange.import')}
            </button>
            <span className="muted" data-testid="cml-selected" data-count={selected.length}>
              {t('exchange.files.selected', { count: selected.length })}
            </span>
          </div>
          <p className="field-hint">{t('exchange.dryRunHint')}</p>
        </>
      )}

      {control.startError && (
        <p className="error" role="alert" data-testid="cml-start-error">
          {t('exchange.startFailed')}: {errorMessage(t, control.startError)}
        </p>
      )}
      {run?.state === 'running' && (
        // In a toolbar row, as on Синхронизация: the bar takes the row's width, not the page's height.
        <div className="toolbar">
          <CmlProgress run={run} />
        </div>
      )}
      {run?.state === 'failed' && (
        <div className="doc-rejected" role="alert" data-testid="cml-failed" data-dry-run={run.dryRun}>
          <p className="doc-rejected-message" data-testid="cml-failed-message">
            {t(run.dryRun ? 'exchange.failedDryRun' : 'exchange.failed', { message: run.error ?? '' })}
          </p>
          <p className="doc-rejected-hint">{t('exchange.failedHint')}</p>
        </div>
      )}
      {run?.state === 'done' && run.report && <CmlReportView report={run.report} />}
      {run?.state === 'done' && run.report && !run.report.dryRun && (
        <p>
          <a href={hrefFor('stock')} data-testid="cml-open-stock">
            {t('exchange.openStock')}
          </a>
        </p>
      )}

      {folder !== null && <OrdersExport folder={folder} />}
    </section>
  );
}
