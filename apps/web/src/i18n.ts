/**
 * The app's languages: Dutch first (the users' language, and the words of the domain), English
 * second. Every text on screen comes from these files; plural and date formatting from i18next.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { BackendModule } from 'i18next';
import nlDomain from './locales/nl-domain.json';
import nl from './locales/nl.json';

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Dutch comes with the first load; another language's texts are fetched when the user picks it
 * (i18next waits for them before switching), so the first load carries one language, not all.
 */
const otherLanguages: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, namespace, done) => {
    // The domain's words are English in the API already (see domain-texts.ts).
    const texts = language === 'en' && namespace === 'translation' ? import('./locales/en.json') : Promise.resolve({ default: {} });
    texts.then((module) => done(null, module.default)).catch((error: Error) => done(error, null));
  },
};

void i18next.use(otherLanguages).use(initReactI18next).init({
  resources: { nl: { translation: nl, domain: nlDomain } },
  ns: ['translation', 'domain'],
  defaultNS: 'translation',
  partialBundledLanguages: true,
  lng: 'nl',
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
});

/** A business date (YYYY-MM-DD) as the user's language writes it; the date is not shifted by time zones. */
export function formatDate(isoDate: string | null | undefined, language: string): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** An instant as the day it was in the Netherlands (business time is Europe/Amsterdam). */
export function amsterdamDate(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(instant));
}

export default i18next;
