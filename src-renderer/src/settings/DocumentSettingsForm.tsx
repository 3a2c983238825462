import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type Settings } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';
import { SettingsSaveError } from './SettingsFormStatus';

type NegativeStockPolicy = Settings['negativeStockPolicy'];

// A record so the compiler reports a policy added to the contract but missing from the choice.
const policyOrder = { warn: 0, block: 1 } satisfies Record<NegativeStockPolicy, number>;
const policies = (Object.keys(policyOrder) as NegativeStockPolicy[]).sort((a, b) => policyOrder[a] - policyOrder[b]);

function isPolicy(value: string): value is NegativeStockPolicy {
  return Object.hasOwn(policyOrder, value);
}

type Props = {
  settings: Settings;
  onChange: (settings: Settings) => void;
};

/** How documents behave: saved as soon as a choice is made, like the language. */
export function DocumentSettingsForm({ settings, onChange }: Props) {
  const { t } = useTranslation();
  // The choice shows at once while it is saved; a refused save puts the saved one back.
  const [pending, setPending] = useState<NegativeStockPolicy | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const shown = pending ?? settings.negativeStockPolicy;

  async function onPolicyChange(value: string): Promise<void> {
    if (!isPolicy(value)) return;
    setPending(value);
    setError(null);
    const result = await api.invoke('settings.set', { negativeStockPolicy: value });
    setPending(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onChange(result.value);
  }

  return (
    <div className="form">
      <fieldset className="field radio-group" data-testid="negative-stock-policy" aria-describedby="negative-stock-hint">
        <legend className="field-label">{t('settings.negativeStockPolicy')}</legend>
        <div className="radio-row">
          {policies.map((policy) => (
            <label key={policy} className="radio">
              <input
                type="radio"
                name="negative-stock-policy"
                value={policy}
                data-testid={`negative-stock-${policy}`}
                checked={shown === policy}
                disabled={pending !== null}
                onChange={(event) => void onPolicyChange(event.target.value)}
              />
              {t(`settings.negativeStockPolicies.${policy}`)}
            </label>
          ))}
        </div>
        <span className="field-hint" id="negative-stock-hint">
          {t('settings.negativeStockHint')}
        </span>
      </fieldset>
      {error && <SettingsSaveError testId="negative-stock-error" message={errorMessage(t, error)} />}
    </div>
  );
}
