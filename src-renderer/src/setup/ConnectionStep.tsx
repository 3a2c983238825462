import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ConnectionCheck, type IpcError, type ServerCertificate } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { errorMessage } from '../i18n/error-message';
import { isCertificateProblem, type SetupForm, setupInput } from './setup-form';

type Props = { form: SetupForm; isLocked: boolean; onChange: (form: SetupForm) => void; onChecked: (check: ConnectionCheck) => void };

/** Address, user, password, HTTPS and proxy; «Проверить подключение» saves nothing. */
export function ConnectionStep({ form, isLocked, onChange, onChecked }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<IpcError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [certificate, setCertificate] = useState<ServerCertificate | null>(null);
  const field = (key: Exclude<keyof SetupForm, 'names' | 'profile'>) => ({
    value: form[key],
    disabled: isLocked,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange({ ...form, [key]: event.target.value }),
    'data-testid': `wizard-${key}`,
  });

  async function check(next: SetupForm): Promise<void> {
    setIsBusy(true);
    setError(null);
    const result = await api.invoke('setup.check', setupInput(next));
    setIsBusy(false);
    if (!result.ok) return setError(result.error);
    setCertificate(null);
    onChecked(result.value);
  }
  async function peek(): Promise<void> {
    const result = await api.invoke('setup.peekCertificate', { url: form.url.trim() });
    if (!result.ok) return setError(result.error);
    setCertificate(result.value);
  }
  async function onFile(event: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = event.target.files?.[0];
    if (file) onChange({ ...form, caPem: await file.text() });
  }

  return (
    <form
      className="form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void check(form);
      }}
    >
      <label className="field field-wide">
        <span className="field-label">{t('settings.onecUrl')}</span>
        <input type="url" className="mono" placeholder={t('settings.onecUrlHint')} spellCheck={false} {...field('url')} />
      </label>
      <label className="field">
        <span className="field-label">{t('settings.onecUser')}</span>
        <input autoComplete="off" {...field('user')} />
      </label>
      <label className="field">
        <span className="field-label">{t('wizard.password')}</span>
        <input type="password" autoComplete="new-password" {...field('password')} />
      </label>
      <details>
        <summary>{t('wizard.advanced')}</summary>
        <label className="field field-wide">
          <span className="field-label">{t('wizard.caPem')}</span>
          <textarea rows={4} className="mono" spellCheck={false} {...field('caPem')} />
          <span className="note">{t('wizard.caPemHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('wizard.caFile')}</span>
          <input type="file" accept=".pem,.crt,.cer" disabled={isLocked} onChange={(event) => void onFile(event)} />
        </label>
        <label className="field field-wide">
          <span className="field-label">{t('wizard.pin')}</span>
          <input className="mono" spellCheck={false} {...field('pinSha256')} />
        </label>
        <label className="field">
          <span className="field-label">{t('wizard.proxy')}</span>
          <input className="mono" placeholder={t('wizard.proxyHint')} spellCheck={false} {...field('proxyUrl')} />
        </label>
      </details>
      {error && (
        <div className="error" role="alert" data-testid="wizard-error">
          <p>{errorMessage(t, error)}</p>
          {isCertificateProblem(form.url, error.message) && (
            <button type="button" className="button" onClick={() => void peek()} data-testid="wizard-peek">
              {t('wizard.peek')}
            </button>
          )}
        </div>
      )}
      {certificate && (
        <dl className="about" data-testid="wizard-certificate">
          <dt>{t('wizard.certSubject')}</dt>
          <dd>{certificate.subject}</dd>
          <dt>{t('wizard.certIssuer')}</dt>
          <dd>{certificate.issuer}</dd>
          <dt>{t('wizard.certValidTo')}</dt>
          <dd>{certificate.validTo}</dd>
          <dt>SHA-256</dt>
          <dd className="mono" data-testid="wizard-certificate-sha256">
            {certificate.sha256}
          </dd>
          <dd className="note">{t('wizard.certHint')}</dd>
          <dd>
            <button
              type="button"
              className="button"
              data-testid="wizard-trust"
              onClick={() => {
                const next = { ...form, caPem: certificate.pem, pinSha256: certificate.sha256 };
                onChange(next);
                void check(next);
              }}
            >
              {t('wizard.trust')}
            </button>
          </dd>
        </dl>
      )}
      {!isLocked && (
        <button type="submit" className="button-primary" disabled={isBusy || form.url.trim() === ''} data-testid="wizard-check">
          {isBusy ? t('wizard.checking') : t('wizard.check')}
        </button>
      )}
    </form>
  );
}
