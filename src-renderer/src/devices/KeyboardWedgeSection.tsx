import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type KeyboardWedgeSettings } from '../../../src-preload/contract';
import { errorMessage } from '../i18n/error-message';
import { wedgeLimits } from '../scanner/calibration';
import { CalibrationWizard } from './CalibrationWizard';
import { ScanCheck } from './ScanCheck';
import { type DeviceSettingsControl } from './use-device-settings';
import { DeviceSection } from './DeviceSection';

type Draft = { maxInterKeyMs: string; minLength: string; gsSubstitute: string; isEnterRequired: boolean };

function toDraft(settings: KeyboardWedgeSettings): Draft {
  return {
    maxInterKeyMs: String(settings.maxInterKeyMs),
    minLength: String(settings.minLength),
    gsSubstitute: settings.gsSubstitute,
    isEnterRequired: settings.isEnterRequired,
  };
}

function parseInteger(text: string, limits: { min: number; max: number }): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= limits.min && value <= limits.max ? value : null;
}

function fromDraft(draft: Draft): KeyboardWedgeSettings | null {
  const maxInterKeyMs = parseInteger(draft.maxInterKeyMs, wedgeLimits.maxInterKeyMs);
  const minLength = parseInteger(draft.minLength, wedgeLimits.minLength);
  if (maxInterKeyMs === null || minLength === null || draft.gsSubstitute.length > 4) return null;
  return { maxInterKeyMs, minLength, gsSubstitute: draft.gsSubstitute, isEnterRequired: draft.isEnterRequired };
}

/** The keyboard-wedge scanner: thresholds (typed or calibrated) and «Проверить скан». */
export function KeyboardWedgeSection({ control, keyboard }: { control: DeviceSettingsControl; keyboard: KeyboardWedgeSettings }) {
  const { t } = useTranslation();
  // The form edits a copy; a saved calibration replaces it (the key below remounts the form).
  const savedKey = JSON.stringify(keyboard);
  return (
    <DeviceSection name="keyboard" title={t('devices.keyboard.title')} intro={t('devices.keyboard.intro')}>
      <div className="device-columns">
        <KeyboardForm key={savedKey} keyboard={keyboard} control={control} />
        <ScanCheck />
      </div>
      <CalibrationWizard
        current={keyboard}
        onApply={async (next) => {
          const result = await control.save({ keyboard: next });
          return result.ok;
        }}
      />
    </DeviceSection>
  );
}

function KeyboardForm({ keyboard, control }: { keyboard: KeyboardWedgeSettings; control: DeviceSettingsControl }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => toDraft(keyboard));
  const [isSaving, setIsSaving] = useState(false);
  const [isSaved, setIsSaved] = useState(false);
  const [isInvalid, setIsInvalid] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  function change(patch: Partial<Draft>): void {
    setDraft((prev) => ({ ...prev, ...patch }));
    setIsSaved(false);
    setIsInvalid(false);
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const next = fromDraft(draft);
    if (next === null) {
      setIsInvalid(true);
      return;
    }
    setIsSaving(true);
    setError(null);
    const result = await control.save({ keyboard: next });
    setIsSaving(false);
    if (result.ok) setIsSaved(true);
    else setError(result.error);
  }

  return (
    <form className="form-stack device-form" data-testid="keyboard-form" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span className="field-label">{t('devices.keyboard.maxInterKeyMs')}</span>
        <input type="number" min={wedgeLimits.maxInterKeyMs.min} max={wedgeLimits.maxInterKeyMs.max} data-testid="keyboard-max-inter-key" value={draft.maxInterKeyMs} onChange={(e) => change({ maxInterKeyMs: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">{t('devices.keyboard.minLength')}</span>
        <input type="number" min={wedgeLimits.minLength.min} max={wedgeLimits.minLength.max} data-testid="keyboard-min-length" value={draft.minLength} onChange={(e) => change({ minLength: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">{t('devices.keyboard.gsSubstitute')}</span>
        <input type="text" maxLength={4} className="mono" data-testid="keyboard-gs-substitute" value={draft.gsSubstitute} onChange={(e) => change({ gsSubstitute: e.target.value })} />
        <span className="field-hint">{t('devices.keyboard.gsSubstituteHint')}</span>
      </label>
      <label className="checkbox">
        <input type="checkbox" data-testid="keyboard-enter-required" checked={draft.isEnterRequired} onChange={(e) => change({ isEnterRequired: e.target.checked })} />
        {t('devices.keyboard.isEnterRequired')}
      </label>
      {isInvalid && (
        <p className="error" role="alert" data-testid="keyboard-invalid">
          {t('devices.keyboard.invalid')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {t('devices.saveFailed')}: {errorMessage(t, error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="keyboard-save" disabled={isSaving}>
          {isSaving ? t('devices.saving') : t('devices.save')}
        </button>
        {isSaved && (
          <span className="saved" role="status" data-testid="keyboard-saved">
            {t('devices.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
