import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createStockFormatters } from '../stock/stock-format';
import { CodeText } from './CodeText';
import { ScanResultPanel } from './ScanResultPanel';
import { type ScanDesk, useScanDeskEntries } from './use-scan-desk';

/**
 * «Касса/Сканирование»: the last scan big (product, price, stock, or why there is none), what the
 * code says, and the recent scans. Scans come from the shell (keyboard wedge anywhere in the app
 * when no document is open, serial scanners), so this screen only shows the desk's state.
 */
export function ScanDeskPage({ desk }: { desk: ScanDesk }) {
  const { t, i18n } = useTranslation();
  const format = useMemo(() => createStockFormatters(i18n.language), [i18n.language]);
  // A history row picked by the clerk; a new scan shows itself again.
  const [picked, setPicked] = useState<{ seq: number; latestSeq: number } | null>(null);
  const entries = useScanDeskEntries(desk);
  const latest = entries[0];
  const pickedEntry = picked && latest && picked.latestSeq === latest.seq ? entries.find((e) => e.seq === picked.seq) : undefined;
  const shown = pickedEntry ?? latest;

  return (
    <section className="page page-scan" data-testid="scan-desk">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.scan')}</h1>
      </header>
      <p className="muted scan-hint">{t('scan.hint')}</p>
      <div className="scan-desk">
        <div className="scan-main">
          {shown ? (
            <ScanResultPanel key={shown.seq} entry={shown} isLatest={shown === latest} onLinked={desk.linked} />
          ) : (
            <p className="empty scan-empty" data-testid="scan-empty">
              {t('scan.empty')}
            </p>
          )}
        </div>
        <aside className="side-panel scan-history" aria-labelledby="scan-history-title">
          <h2 id="scan-history-title">{t('scan.history')}</h2>
          {entries.length === 0 ? (
            <p className="muted">{t('scan.historyEmpty')}</p>
          ) : (
            <ol className="scan-history-list" data-testid="scan-history">
              {entries.map((entry) => {
                const state = entry.state === 'done' ? (entry.result?.kind ?? 'failed') : entry.state;
                return (
                  <li key={entry.seq} data-testid="scan-history-item" data-seq={entry.seq} data-kind={state}>
                    <button
                      type="button"
                      className={entry === shown ? 'scan-history-entry is-active' : 'scan-history-entry'}
                      aria-current={entry === shown ? 'true' : undefined}
                      onClick={() => setPicked(latest ? { seq: entry.seq, latestSeq: latest.seq } : null)}
                    >
                      <span className="scan-history-time muted">{format.dateTime(entry.at)}</span>
                      <span className="scan-history-name">{entry.result?.product?.name ?? t(`scan.states.${state}`)}</span>
                      <span className="mono scan-history-code">
                        <CodeText text={entry.result?.canonical ?? entry.text} />
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </aside>
      </div>
    </section>
  );
}
