import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Settings } from '../../../src-preload/contract';
import { en } from './en';
import { ru } from './ru';

export type Language = Settings['language'];

export const defaultLanguage: Language = 'ru';

// A record rather than an array so the compiler reports a language added to the contract but
// missing here (and the renderer does not import the contract's runtime values, which pull in zod).
const languageNames = { ru: true, en: true } satisfies Record<Language, true>;
export const supportedLanguages = Object.keys(languageNames) as Language[];

export function isLanguage(value: string): value is Language {
  return Object.hasOwn(languageNames, value);
}

// One instance for the whole renderer. Resources are bundled, so init completes synchronously
// (initAsync: false) and the first render already has texts.
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: defaultLanguage,
  fallbackLng: defaultLanguage,
  supportedLngs: supportedLanguages,
  initAsync: false,
  // React escapes output itself; escaping twice would show &quot; in the UI.
  interpolation: { escapeValue: false },
});

export async function applyLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
