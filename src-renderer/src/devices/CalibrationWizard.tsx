import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type KeyboardWedgeSettings } from '../../../src-preload/contract';
import { calibrationListenSettings, proposeWedgeSettings } from '../scanner/calibration';
import { type WedgeScan } from '../scanner/wedge-decoder';
import { useScanConsumer } from '../scan-capture/scan-capture-context';
import { CodeText } from '../scan/CodeText';
import { TestBarcode } from './TestBarcode';

/** The design doc's EAN-13 (§3.9): 460123456789 + check digit 3. */
export const calibrationCode = '4601234567893';
const samplesWanted = 3;

type Props = {
  current: KeyboardWedgeSettings;
  /** Saves the proposal; resolves false when the host refused it. */
  onApply: (settings: KeyboardWedgeSettings) => Promise<boolean>;
};

type Phase = 'idle' | 'active';

/**
 * «Отсканируйте этот тестовый код»: listens loosely (up to 250 ms between keys, no Enter needed)
 * while the station's scanner reads the code a few times, measures the gaps between its keys and
 * proposes thresholds with a safe margin (calibration.ts). Nothing changes until they are saved.
 */
export function CalibrationWizard({ current, onApply }: Props) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('idle');
  const [samples, setSamples] = useState<WedgeScan[]>([]);
  const [isSaving, setIsSaving] = useState(false);
  const [isApplied, setIsApplied] = useState(false);
  const isListening = phase === 'active' && samples.length < samplesWanted;

  // Above every screen while listening, with its own loose thresholds.
  useScanConsumer(
    (scan) => {
      if (scan.source !== 'keyboard') return;
      setSamples((prev) => [...prev, scan.wedge].slice(0, samplesWanted));
    },
    { priority: 10, listenWith: calibrationListenSettings, isEnabled: isListening },
  );

  const proposal = proposeWedgeSettings(samples);

  function start(): void {
    setSamples([]);
    setIsApplied(false);
    setPhase('active');
  }

  async function apply(): Promise<void> {
    if (!proposal) return;
    setIsSaving(true);
    const isSaved = await onApply({
      maxInterKeyMs: proposal.maxInterKeyMs,
      minLength: proposal.minLength,
      isEnterRequired: proposal.isEnterRequired,
      gsSubstitute: current.gsSubstitute,
    });
    setIsSaving(false);
    if (isSaved) {
      setIsApplied(true);
      setPhase('idle');
    }
  }

  return (
    <div className="calibration" data-testid="calibration" data-phase={isListening ? 'listening' : phase === 'active' ? 'done' : 'idle'} data-samples={samples.length}>
      <h3>{t('devices.calibration.title')}</h3>
      {phase === 'idle' && (
        <>
          <p className="muted">{t('devices.calibration.intro')}</p>
          <button type="button" className="button" data-testid="calibration-start" onClick={start}>
            {t('devices.calibration.start')}
          </button>
          {isApplied && (
            <p className="success" role="status" data-testid="calibration-applied">
              {t('devices.calibration.applied')}
            </p>
          )}
        </>
      )}
      {phase !== 'idle' && (
        <div className="calibration-body">
          <div className="calibration-code">
            <p>{t('devices.calibration.instructions', { count: samplesWanted })}</p>
            <TestBarcode code={calibrationCode} />
            <p className="mono" data-testid="calibration-code">
              {calibrationCode}
            </p>
          </div>
          <div className="calibration-results">
            {isListening && (
              <p className="notice" role="status" data-testid="calibration-waiting">
                {t('devices.calibration.waiting', { n: samples.length + 1, total: samplesWanted })}
              </p>
            )}
            <ol className="calibration-samples">
              {samples.map((sample, index) => (
                <li key={`${sample.startedAt}`} data-testid="calibration-sample" data-max-gap={Math.max(0, ...sample.intervals)}>
                  <span className="mono">
                    <CodeText text={sample.text} />
                  </span>{' '}
                  <span className="muted">
                    {t('devices.calibration.sample', {
                      n: index + 1,
                      length: sample.text.length,
                      max: Math.round(Math.max(0, ...sample.intervals)),
                      mean: Math.round(sample.intervals.reduce((a, b) => a + b, 0) / Math.max(1, sample.intervals.length)),
                    })}
                  </span>
                </li>
              ))}
            </ol>
            {proposal && (
              <div className="calibration-proposal" data-testid="calibration-proposal" data-max-inter-key-ms={proposal.maxInterKeyMs} data-min-length={proposal.minLength} data-enter={proposal.isEnterRequired}>
                <p>
                  {t('devices.calibration.proposal', {
                    maxInterKeyMs: proposal.maxInterKeyMs,
                    measured: Math.round(proposal.measuredMaxMs),
                    minLength: proposal.minLength,
                    enter: proposal.isEnterRequired ? t('devices.calibration.enterYes') : t('devices.calibration.enterNo'),
                  })}
                </p>
                {samples.some((s) => s.text !== calibrationCode && s.text.replaceAll('\u001d', '') !== calibrationCode) && (
                  <p className="muted">{t('devices.calibration.otherCode')}</p>
                )}
                {proposal.isLayoutRemapped && (
                  <p className="muted" data-testid="calibration-layout">
                    {t('devices.calibration.layout', { typed: samples.find((s) => s.typed !== s.text)?.typed ?? '' })}
                  </p>
                )}
                {proposal.hasGs && <p className="muted">{t('devices.calibration.gs')}</p>}
                {proposal.isTooSlow && (
                  <p className="error" role="alert" data-testid="calibration-too-slow">
                    {t('devices.calibration.tooSlow')}
                  </p>
                )}
              </div>
            )}
            <div className="form-actions">
              <button type="button" className="button-primary" data-testid="calibration-apply" disabled={!proposal || isSaving} onClick={() => void apply()}>
                {t('devices.calibration.apply')}
              </button>
              <button type="button" className="button" data-testid="calibration-restart" onClick={start}>
                {t('devices.calibration.again')}
              </button>
              <button type="button" className="button" data-testid="calibration-cancel" onClick={() => setPhase('idle')}>
                {t('devices.calibration.cancel')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
