import { type AlertDeliverySettings } from '../../../src-preload/contract';

/** The Доставка form as typed: channels switched off keep their values until saved. */
export type DeliveryForm = {
  desktop: boolean;
  isEmailOn: boolean;
  host: string;
  portText: string;
  secure: boolean;
  user: string;
  from: string;
  /** Addresses separated by commas, semicolons, spaces or lines. */
  toText: string;
  isWebhookOn: boolean;
  url: string;
};

const defaultSmtpPort = 587;

export function formFromSettings(settings: AlertDeliverySettings): DeliveryForm {
  return {
    desktop: settings.desktop,
    isEmailOn: settings.email !== null,
    host: settings.email?.host ?? '',
    portText: String(settings.email?.port ?? defaultSmtpPort),
    secure: settings.email?.secure ?? false,
    user: settings.email?.user ?? '',
    from: settings.email?.from ?? '',
    toText: settings.email?.to.join(', ') ?? '',
    isWebhookOn: settings.webhook !== null,
    url: settings.webhook?.url ?? '',
  };
}

/** The settings to save, or 'port' when the port is not a whole number (the rest the host checks). */
export function settingsFromForm(form: DeliveryForm): { ok: true; settings: AlertDeliverySettings } | { ok: false; problem: 'port' } {
  const port = Number(form.portText.trim());
  if (form.isEmailOn && (!Number.isInteger(port) || form.portText.trim() === '')) return { ok: false, problem: 'port' };
  return {
    ok: true,
    settings: {
      desktop: form.desktop,
      email: form.isEmailOn
        ? {
            host: form.host.trim(),
            port,
            secure: form.secure,
            user: form.user.trim() || null,
            from: form.from.trim(),
            to: form.toText.split(/[\s,;]+/).filter(Boolean),
          }
        : null,
      webhook: form.isWebhookOn ? { url: form.url.trim() } : null,
    },
  };
}
