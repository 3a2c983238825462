import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type CmlReport } from '../../../src-preload/contract';
import { createStockFormatters } from '../stock/stock-format';
import { exchangeMode, formatBytes, reportCountRows, warningLocation, warningSummary } from './cml-format';

/** What an import did (or in a dry run would do): counts per kind, the files, the warnings. */
export function CmlReportView({ report }: { report: CmlReport }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  const { rows, total } = reportCountRows(report);
  const warnings = warningSummary(report);
  const seconds = (report.durationMs / 1000).toLocaleString(i18n.language, { maximumFractionDigits: 1 });

  return (
    <section className="exchange-report" data-testid="cml-report" data-dry-run={report.dryRun} aria-labelledby="cml-report-title">
      <h2 id="cml-report-title">{t(report.dryRun ? 'exchange.report.dryRunTitle' : 'exchange.report.importTitle')}</h2>
      <p className={report.dryRun ? 'notice' : 'success'} role="status" data-testid="cml-report-summary">
        {t(report.dryRun ? 'exchange.report.dryRunSummary' : 'exchange.report.importSummary', { seconds })}
      </p>

      <table className="data-table" data-testid="cml-report-counts">
        <caption className="visually-hidden">{t('exchange.report.countsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('exchange.report.entity')}</th>
            <th scope="col" className="num">
              {t(report.dryRun ? 'exchange.report.wouldAdd' : 'exchange.report.added')}
            </th>
            <th scope="col" className="num">
              {t(report.dryRun ? 'exchange.report.wouldChange' : 'exchange.report.changed')}
            </th>
            <th scope="col" className="num">
              {t(report.dryRun ? 'exchange.report.wouldRemove' : 'exchange.report.removed')}
            </th>
            <th scope="col" className="num">
              {t('exchange.report.unchanged')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const isZero = row.added + row.changed + row.removed + row.unchanged === 0;
            return (
              <tr key={row.kind} className={isZero ? 'is-zero' : undefined} data-testid="cml-count-row" data-kind={row.kind}>
                <th scope="row">{t(`exchange.entities.${row.kind}`)}</th>
                <td className="num" data-col="added" data-value={row.added}>
                  {format.count(row.added)}
                </td>
                <td className="num" data-col="changed" data-value={row.changed}>
                  {format.count(row.changed)}
                </td>
                <td className="num" data-col="removed" data-value={row.removed}>
                  {format.count(row.removed)}
                </td>
                <td className="num" data-col="unchanged" data-value={row.unchanged}>
                  {format.count(row.unchanged)}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-testid="cml-count-total">
            <th scope="row">{t('exchange.report.total')}</th>
            <td className="num" data-value={total.added}>
              {format.count(total.added)}
            </td>
            <td className="num" data-value={total.changed}>
              {format.count(total.changed)}
            </td>
            <td className="num" data-value={total.removed}>
              {format.count(total.removed)}
            </td>
            <td className="num" data-value={total.unchanged}>
              {format.count(total.unchanged)}
            </td>
          </tr>
        </tfoot>
      </table>

      <h3>{t('exchange.report.files')}</h3>
      <table className="data-table" data-testid="cml-report-files">
        <thead>
          <tr>
            <th scope="col">{t('exchange.files.name')}</th>
            <th scope="col" className="num">
              {t('exchange.files.size')}
            </th>
            <th scope="col">{t('exchange.report.version')}</th>
            <th scope="col">{t('exchange.report.mode')}</th>
          </tr>
        </thead>
        <tbody>
          {report.files.map((file) => (
            <tr key={file.name} data-testid="cml-report-file" data-name={file.name}>
              <td className="mono">{file.name}</td>
              <td className="num">{formatBytes(file.bytes, i18n.language)}</td>
              <td data-col="version">{file.version ?? t('stock.noValue')}</td>
              <td data-col="mode" data-mode={exchangeMode(file.onlyChanges)}>
                {t(`exchange.report.modes.${exchangeMode(file.onlyChanges)}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3 data-testid="cml-warnings-title" data-total={warnings.total}>
        {t('exchange.report.warnings', { count: warnings.total })}
      </h3>
      {warnings.isCapped && (
        <p className="muted" data-testid="cml-warnings-capped">
          {t('exchange.report.warningsCapped', { shown: format.count(warnings.shown), total: format.count(warnings.total) })}
        </p>
      )}
      {report.warnings.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="cml-warnings">
            <thead>
              <tr>
                <th scope="col">{t('exchange.report.where')}</th>
                <th scope="col">{t('exchange.report.what')}</th>
              </tr>
            </thead>
            <tbody>
              {report.warnings.map((warning, index) => (
                // The same message can repeat at one place; the position in the list tells them apart.
                <tr key={`${index}-${warningLocation(warning)}`} data-testid="cml-warning">
                  <td className="mono">{warningLocation(warning)}</td>
                  <td>{warning.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
