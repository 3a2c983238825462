import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type IpcError, type SecretsStatus } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { ErrorAlert } from '../app/ErrorAlert';

type Props = {
  /** Which password: the 1C connection's or the alert mail server's. */
  channel: 'secrets.setOnecPassword' | 'secrets.setSmtpPassword';
  status: SecretsStatus | undefined;
  isStored: (status: SecretsStatus) => boolean;
  onStored: (status: SecretsStatus) => void;
  testId: string;
};

/**
 * A password goes into the OS keychain and is never shown again: the field empties after saving and
 * only «сохранён» tells it is there. Where there is no keychain (the web version) it says how instead.
 */
export function PasswordForm({ channel, status, isStored, onStored, testId }: Props) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<IpcError | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setIsSaving(true);
    const result = await api.invoke(channel, { password });
    setIsSaving(false);
    if (!result.ok) return setProblem(result.error);
    setProblem(null);
    setPassword('');
    onStored(result.value);
  }

  if (status && !status.isKeychainAvailable) return <p className="field-hint" data-testid={`${testId}-none`}>{t('settings.password.noKeychain')}</p>;
  return (
    <form className="form form-inline" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label className="field">
        <span className="field-label">{t('settings.password.label')}</span>
        <input type="password" autoComplete="new-password" data-testid={testId} value={password} maxLength={256} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <button type="submit" className="button" data-testid={`${testId}-save`} disabled={isSaving || password === ''}>
        {t('settings.password.save')}
      </button>
      <span className="field-hint" data-testid={`${testId}-state`}>
        {status && isStored(status) ? t('settings.password.stored') : t('settings.password.notStored')}
      </span>
      <ErrorAlert error={problem} />
    </form>
  );
}
