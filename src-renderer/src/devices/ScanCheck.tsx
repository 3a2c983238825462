import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CapturedScan, useScanConsumer } from '../scan-capture/scan-capture-context';
import { CodeText } from '../scan/CodeText';
import { deviceName } from '../scan/scan-format';

/**
 * «Проверить скан»: what the app received from the last scan on this screen, before any lookup —
 * the decoded text with GS shown as ␝, its length and timing, and what the OS layout would have typed.
 */
export function ScanCheck() {
  const { t } = useTranslation();
  const [last, setLast] = useState<(CapturedScan & { seq: number }) | null>(null);

  // While the Devices screen is open, scans stay here instead of going to the scan desk.
  useScanConsumer((scan) => setLast((prev) => ({ ...scan, seq: (prev?.seq ?? 0) + 1 })));

  return (
    <div className="scan-check" data-testid="scan-check" data-seq={last?.seq ?? 0}>
      <h3>{t('devices.check.title')}</h3>
      {last === null ? (
        <p className="muted">{t('devices.check.hint')}</p>
      ) : (
        <dl className="about">
          <dt>{t('devices.check.text')}</dt>
          <dd>
            <code className="mono scan-check-text" data-testid="scan-check-text" data-value={last.text}>
              <CodeText text={last.text} />
            </code>
          </dd>
          <dt>{t('devices.check.length')}</dt>
          <dd data-testid="scan-check-length">{last.text.length}</dd>
          <dt>{t('devices.check.source')}</dt>
          <dd>{deviceName(t, last.device)}</dd>
          {last.source === 'keyboard' && (
            <>
              <dt>{t('devices.check.timing')}</dt>
              <dd data-testid="scan-check-timing">
                {t('devices.check.timingValue', {
                  max: Math.round(Math.max(0, ...last.wedge.intervals)),
                  mean: Math.round(last.wedge.intervals.reduce((a, b) => a + b, 0) / Math.max(1, last.wedge.intervals.length)),
                })}
              </dd>
              <dt>{t('devices.check.typed')}</dt>
              <dd className="mono" data-testid="scan-check-typed">
                {last.wedge.typed || t('stock.noValue')}
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}
