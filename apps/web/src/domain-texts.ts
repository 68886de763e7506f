/**
 * The domain's own words in the user's language. Milestone and field descriptions come from the
 * API as the catalogue and the definitions write them (English); Dutch is the users' language, so
 * `locales/nl-domain.json` translates them, keyed by the description itself (as gettext does): a
 * definition that describes its own fact or milestone differently shows its own words, never the
 * translation of another's. Closed values (`value:<value>`) and fields without a description
 * (`field:<name>`) are keyed by name. In English, and for words the file lacks, the API's text shows.
 *
 *   const words = useDomainWords();
 *   words.milestone(expected.milestone, expected.description);   // "De brede intake is gedaan"
 */
import { useTranslation } from 'react-i18next';

export const DOMAIN_NAMESPACE = 'domain';

export interface DomainWords {
  milestone(name: string, description?: string | null): string;
  field(field: { readonly name: string; readonly description?: string | null }): string;
  value(value: string): string;
}

export function useDomainWords(): DomainWords {
  const { t } = useTranslation(DOMAIN_NAMESPACE);
  // Keys are sentences: no key or namespace separators; no fallback language, the API's text is the fallback.
  const word = (key: string, shown: string) => t(key, { keySeparator: false, nsSeparator: false, fallbackLng: false, defaultValue: shown });
  return {
    milestone: (name, description) => (description ? word(description, description) : name),
    field: (field) => (field.description ? word(field.description, field.description) : word(`field:${field.name}`, field.name)),
    value: (value) => word(`value:${value}`, value),
  };
}
