import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordForm } from '../settings/PasswordForm';
import { useSecretsStatus } from '../settings/use-secrets-status';
import { type AlertDeliverySettings, type IpcError } from '../../../src-preload/contract';
import { api } from '../api/api-client';
import { useInvoke } from '../api/use-invoke';
import { errorMessage } from '../i18n/error-message';
import { type DeliveryForm, formFromSettings, settingsFromForm } from './delivery-form';
import { DeliveryTestButton } from './DeliveryTestButton';
import { fieldErrors } from './field-errors';
import { FieldError } from './FieldError';
import { ErrorAlert } from '../app/ErrorAlert';

// Specific paths first: an issue at email.to.0 belongs to the recipients field.
const formFields = ['email.host', 'email.port', 'email.user', 'email.from', 'email.to', 'webhook.url', 'email', 'webhook', 'desktop'] as const;
type FormField = (typeof formFields)[number];

/** «Доставка»: loads the saved settings once, then the form below edits them. */
export function DeliverySettingsTab() {
  const { t } = useTranslation();
  const loaded = useInvoke('alerts.settings.get', {});
  if (loaded.status === 'error' && !loaded.value) {
    return (
      <p className="error" role="alert">
        {errorMessage(t, loaded.error)}
      </p>
    );
  }
  if (!loaded.value) return <p className="muted">{t('app.loading')}</p>;
  return <DeliverySettingsForm saved={loaded.value} />;
}

function DeliverySettingsForm({ saved }: { saved: AlertDeliverySettings }) {
  const { t } = useTranslation();
  const secrets = useSecretsStatus();
  const [form, setForm] = useState<DeliveryForm>(() => formFromSettings(saved));
  const [current, setCurrent] = useState(saved);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [hostError, setHostError] = useState<IpcError | null>(null);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const update = (patch: Partial<DeliveryForm>): void => {
    setForm((prev) => ({ ...prev, ...patch }));
    setState('idle');
  };
  const invalid = (field: FormField) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `delivery-error-${field.replace('.', '-')}` } : {});

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setHostError(null);
    const built = settingsFromForm(form);
    if (!built.ok) return setErrors({ 'email.port': t('alerts.delivery.invalidPort') });
    setErrors({});
    setState('saving');
    const result = await api.invoke('alerts.settings.set', built.settings);
    if (result.ok) {
      setCurrent(result.value);
      setState('saved');
      return;
    }
    setState('idle');
    const spread = fieldErrors(result.error, formFields);
    setErrors(spread.byField);
    if (spread.other !== null) setHostError(Object.keys(spread.byField).length > 0 ? { ...result.error, message: spread.other } : result.error);
  }

  const error = (field: FormField) => <FieldError id={`delivery-error-${field.replace('.', '-')}`} message={errors[field]} />;

  return (
    <>
    <form className="form form-stack delivery-form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="delivery-form">
      <fieldset className="device-section">
        <legend>{t('alerts.channels.desktop')}</legend>
        <label className="checkbox">
          <input type="checkbox" data-testid="delivery-desktop" checked={form.desktop} onChange={(event) => update({ desktop: event.target.checked })} />
          {t('alerts.delivery.desktopOn')}
        </label>
        <p className="field-hint">{t('alerts.delivery.desktopHint')}</p>
        <DeliveryTestButton channel="desktop" isDisabled={!current.desktop} />
      </fieldset>

      <fieldset className="device-section">
        <legend>{t('alerts.channels.email')}</legend>
        <label className="checkbox">
          <input type="checkbox" data-testid="delivery-email-on" checked={form.isEmailOn} onChange={(event) => update({ isEmailOn: event.target.checked })} />
          {t('alerts.delivery.emailOn')}
        </label>
        {form.isEmailOn && (
          <>
            <div className="field-row">
              <label className="field field-grow">
                <span className="field-label">{t('alerts.delivery.host')}</span>
                <input type="text" data-testid="delivery-email-host" value={form.host} onChange={(event) => update({ host: event.target.value })} {...invalid('email.host')} />
                {error('email.host')}
              </label>
              <label className="field">
                <span className="field-label">{t('alerts.delivery.port')}</span>
                <input
                  type="text"
                  inputMode="numeric"
                  data-testid="delivery-email-port"
                  value={form.portText}
                  onChange={(event) => update({ portText: event.target.value })}
                  {...invalid('email.port')}
                />
                {error('email.port')}
              </label>
            </div>
            <label className="checkbox">
              <input type="checkbox" data-testid="delivery-email-secure" checked={form.secure} onChange={(event) => update({ secure: event.target.checked })} />
              {t('alerts.delivery.secure')}
            </label>
            <label className="field">
              <span className="field-label">{t('alerts.delivery.user')}</span>
              <input type="text" data-testid="delivery-email-user" value={form.user} onChange={(event) => update({ user: event.target.value })} {...invalid('email.user')} />
              {error('email.user')}
            </label>
            <p className="field-hint">{t('alerts.delivery.passwordNote')}</p>
            <label className="field">
              <span className="field-label">{t('alerts.delivery.from')}</span>
              <input type="email" data-testid="delivery-email-from" value={form.from} onChange={(event) => update({ from: event.target.value })} {...invalid('email.from')} />
              {error('email.from')}
            </label>
            <label className="field field-wide">
              <span className="field-label">{t('alerts.delivery.to')}</span>
              <textarea rows={2} data-testid="delivery-email-to" value={form.toText} onChange={(event) => update({ toText: event.target.value })} {...invalid('email.to')} />
              {error('email.to')}
            </label>
            {error('email')}
          </>
        )}
        <DeliveryTestButton channel="email" isDisabled={current.email === null} />
      </fieldset>

      <fieldset className="device-section">
        <legend>{t('alerts.channels.webhook')}</legend>
        <label className="checkbox">
          <input type="checkbox" data-testid="delivery-webhook-on" checked={form.isWebhookOn} onChange={(event) => update({ isWebhookOn: event.target.checked })} />
          {t('alerts.delivery.webhookOn')}
        </label>
        {form.isWebhookOn && (
          <label className="field field-wide">
            <span className="field-label">{t('alerts.delivery.url')}</span>
            <input type="url" data-testid="delivery-webhook-url" value={form.url} onChange={(event) => update({ url: event.target.value })} {...invalid('webhook.url')} />
            {error('webhook.url')}
          </label>
        )}
        <p className="field-hint">{t('alerts.delivery.webhookHint')}</p>
        <DeliveryTestButton channel="webhook" isDisabled={current.webhook === null} />
      </fieldset>

      <ErrorAlert error={hostError} testId="delivery-error" />
      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="delivery-save" disabled={state === 'saving'}>
          {state === 'saving' ? t('settings.saving') : t('settings.save')}
        </button>
        {state === 'saved' && (
          <span className="saved" role="status" data-testid="delivery-saved">
            {t('settings.saved')}
          </span>
        )}
      </div>
      <p className="field-hint">{t('alerts.delivery.testHint')}</p>
    </form>
    {current.email !== null && current.email.user !== null && (
      <section className="device-section">
        <h3>{t('alerts.delivery.smtpPassword')}</h3>
        <PasswordForm channel="secrets.setSmtpPassword" status={secrets.status} isStored={(s) => s.smtpPasswordStored} onStored={secrets.set} testId="smtp-password" />
      </section>
    )}
    </>
  );
}
