import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AppInfo, type IpcError, type Settings } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';
import { applyLanguage, isLanguage, supportedLanguages } from '../i18n/i18n.setup';
import { UsersPanel } from '../auth/UsersPanel';
import { DiagnosticsButton } from './DiagnosticsButton';
import { hrefFor } from '../app/app-routes';
import { CmlSettingsForm } from './CmlSettingsForm';
import { DocumentSettingsForm } from './DocumentSettingsForm';
import { OnecSettingsForm } from './OnecSettingsForm';
import { PasswordForm } from './PasswordForm';
import { SettingsSaveError } from './SettingsFormStatus';
import { useSecretsStatus } from './use-secrets-status';

type Props = {
  info: AppInfo;
  settings: Settings;
  onChange: (settings: Settings) => void;
};

export function SettingsPage({ info, settings, onChange }: Props) {
  const { t } = useTranslation();
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const secrets = useSecretsStatus();

  async function onLanguageChange(event: ChangeEvent<HTMLSelectElement>): Promise<void> {
    const language = event.target.value;
    if (!isLanguage(language)) return;
    setIsSaving(true);
    setError(null);
    // Saved first, applied after: the screen only switches to a language that will survive a restart.
    const result = await api.invoke('settings.set', { language });
    setIsSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    await applyLanguage(result.value.language);
    onChange(result.value);
  }

  return (
    <section className="page">
      <header className="page-header">
        <h1 data-testid="page-title">{t('nav.settings')}</h1>
      </header>
      <div className="form">
        <label className="field">
          <span className="field-label">{t('settings.language')}</span>
          <select
            data-testid="language-select"
            value={settings.language}
            disabled={isSaving}
            onChange={(event) => void onLanguageChange(event)}
          >
            {supportedLanguages.map((language) => (
              <option key={language} value={language}>
                {t(`settings.languages.${language}`)}
              </option>
            ))}
          </select>
        </label>
        {error && <SettingsSaveError message={errorMessage(t, error)} />}
      </div>
      <h2>{t('settings.onec')}</h2>
      <p>
        <a className="button" href={hrefFor('setup')} data-testid="open-setup-wizard">
          {t('wizard.open')}
        </a>
      </p>
      <OnecSettingsForm settings={settings} onChange={onChange} />
      <PasswordForm channel="secrets.setOnecPassword" status={secrets.status} isStored={(s) => s.onecPasswordStored} onStored={secrets.set} testId="onec-password" />
      <h2>{t('users.title')}</h2>
      <UsersPanel settings={settings} onChange={onChange} />
      <h2>{t('settings.documents')}</h2>
      <DocumentSettingsForm settings={settings} onChange={onChange} />
      <h2>{t('exchange.settings.title')}</h2>
      <CmlSettingsForm settings={settings} onChange={onChange} />
      <h2>{t('diagnostics.export')}</h2>
      <DiagnosticsButton />
      <h2>{t('settings.about')}</h2>
      <dl className="about">
        <dt>{t('app.title')}</dt>
        <dd>{t('app.version', { version: info.version })}</dd>
        <dt>{t('settings.database')}</dt>
        <dd className="mono">{info.dbPath}</dd>
        <dt>{t('settings.schemaVersion')}</dt>
        <dd>{info.schemaVersion}</dd>
        <dt>{t('settings.products')}</dt>
        <dd>{info.counts.products}</dd>
        <dt>{t('settings.warehouses')}</dt>
        <dd>{info.counts.warehouses}</dd>
      </dl>
    </section>
  );
}
