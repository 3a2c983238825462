import { type TFunction } from 'i18next';
import { isLanguage, type Language } from '../i18n/i18n.setup';

const locales = { ru: 'ru-RU', en: 'en-US' } satisfies Record<Language, string>;

export type SyncFormatters = {
  bytes: (bytes: number) => string;
  duration: (ms: number) => string;
};

/** Sizes and durations for the sync journal; units come from the language file, numbers from Intl. */
export function createSyncFormatters(t: TFunction, language: string): SyncFormatters {
  const locale = isLanguage(language) ? locales[language] : locales.ru;
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    bytes(bytes) {
      if (bytes < 1024) return t('sync.units.bytes', { value: whole.format(bytes) });
      if (bytes < 1024 * 1024) return t('sync.units.kilobytes', { value: oneDecimal.format(bytes / 1024) });
      return t('sync.units.megabytes', { value: oneDecimal.format(bytes / (1024 * 1024)) });
    },
    duration(ms) {
      if (ms < 1000) return t('sync.units.milliseconds', { value: whole.format(ms) });
      if (ms < 60_000) return t('sync.units.seconds', { value: oneDecimal.format(ms / 1000) });
      const seconds = Math.round(ms / 1000);
      return t('sync.units.minutes', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 });
    },
  };
}
