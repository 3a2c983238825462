import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConnectionCheck, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { isProfile, type Profile, profiles } from '../settings/onec-profiles';
import { ProfileNamesEditor } from './ProfileNamesEditor';
import { type SetupForm, setupInput } from './setup-form';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  form: SetupForm;
  check: ConnectionCheck;
  isApplied: boolean;
  onProfile: (profile: Profile) => void;
  onNames: (names: Record<string, string>) => void;
  onRechecked: (check: ConnectionCheck) => void;
  onApplied: () => void;
};

/** The detected configuration (overridable), what the publication lacks, the 1C code; then apply. */
export function CheckResult({ form, check, isApplied, onProfile, onNames, onRechecked, onApplied }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<IpcError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isCopied, setIsCopied] = useState(false);

  async function run(channel: 'setup.check' | 'setup.apply', next: SetupForm): Promise<void> {
    setIsBusy(true);
    setError(null);
    const result = channel === 'setup.check' ? await api.invoke('setup.check', setupInput(next)) : await api.invoke('setup.apply', setupInput(next));
    setIsBusy(false);
    if (!result.ok) return setError(result.error);
    if ('missing' in result.value) onRechecked(result.value);
    else onApplied();
  }

  return (
    <div className="form" data-testid="wizard-check-result">
      <p data-testid="wizard-detected">{check.detected ? t('wizard.detected', { name: t(`settings.profiles.${check.detected}`) }) : t('wizard.notDetected')}</p>
      <label className="field">
        <span className="field-label">{t('wizard.profile')}</span>
        <select
          value={form.profile}
          disabled={isApplied}
          data-testid="wizard-profile"
          onChange={(event) => {
            if (!isProfile(event.target.value)) return;
            onProfile(event.target.value);
            void run('setup.check', { ...form, profile: event.target.value });
          }}
        >
          {profiles.map((profile) => (
            <option key={profile} value={profile}>
              {t(`settings.profiles.${profile}`)}
            </option>
          ))}
        </select>
      </label>
      <ProfileNamesEditor shipped={check.names} names={form.names} isLocked={isApplied} onChange={onNames} />
      {check.missing.length === 0 ? (
        <p data-testid="wizard-nothing-missing">{t('wizard.nothingMissing')}</p>
      ) : (
        <div data-testid="wizard-missing">
          <p>{t('wizard.missingTitle')}</p>
          <ul>
            {check.missing.map((item) => (
              <li key={item.set}>
                <strong>{item.what}</strong> <span className="mono">({item.set})</span>: {item.hint}
              </li>
            ))}
          </ul>
        </div>
      )}
      {check.snippet.notComposition.length > 0 && (
        <p className="note">
          {t('wizard.notComposition')} <span className="mono">{check.snippet.notComposition.join(', ')}</span>
        </p>
      )}
      {check.snippet.code !== '' && (
        <div data-testid="wizard-snippet">
          <h3>{t('wizard.snippetTitle')}</h3>
          <p className="note">{t('wizard.snippetHint')}</p>
          <pre className="mono code-block" data-testid="wizard-snippet-code">
            {check.snippet.code}
          </pre>
          <button type="button" className="button" onClick={() => void navigator.clipboard?.writeText(check.snippet.code).then(() => setIsCopied(true))}>
            {isCopied ? t('wizard.copied') : t('wizard.copy')}
          </button>
        </div>
      )}
      <ErrorAlert error={error} testId="wizard-apply-error" />
      {!isApplied && (
        <div className="form-actions">
          <button type="button" className="button" disabled={isBusy} onClick={() => void run('setup.check', form)} data-testid="wizard-recheck">
            {t('wizard.recheck')}
          </button>
          <button type="button" className="button-primary" disabled={isBusy || check.profile === null} onClick={() => void run('setup.apply', form)} data-testid="wizard-apply">
            {isBusy ? t('wizard.applying') : t('wizard.apply')}
          </button>
        </div>
      )}
    </div>
  );
}
