/**
 * Message templates: a subject and a plain-text body per language, with `{name}` placeholders.
 * Templates hold no personal data and are filled only with dates and numbers. A message to the
 * person is plain Dutch plus a paragraph in their own language when a template for it exists
 * (the 2019 report's communication study, §2).
 *
 *   const message = composeForPerson(INBURGERING_WARNING, 'ti', { deadline: '31-08-2022', monthsLeft: '12' });
 */

export interface MessageTemplate {
  readonly subject: string;
  readonly body: string;
}

/** One message in every language it exists in; `nl` is required. */
export type MultilingualTemplate = Readonly<{ nl: MessageTemplate } & Record<string, MessageTemplate | undefined>>;

export interface ComposedMessage {
  readonly subject: string;
  readonly body: string;
  /** `nl`, or `nl+<code>` when the own-language paragraph was added. */
  readonly language: string;
  readonly ownLanguageParagraph: boolean;
}

/** Thrown when a template names a placeholder the caller did not fill (a bug, not a business failure). */
export class MissingTemplateValueError extends Error {
  constructor(readonly placeholder: string) {
    super(`Template placeholder {${placeholder}} has no value`);
    this.name = 'MissingTemplateValueError';
  }
}

export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new MissingTemplateValueError(name);
    return value;
  });
}

/** Dutch for professionals. */
export function composeInDutch(template: MultilingualTemplate, values: Readonly<Record<string, string>>): ComposedMessage {
  return { subject: fill(template.nl.subject, values), body: fill(template.nl.body, values), language: 'nl', ownLanguageParagraph: false };
}

/** Plain Dutch, then the same in the person's own language when a template for it exists. */
export function composeForPerson(template: MultilingualTemplate, language: string, values: Readonly<Record<string, string>>): ComposedMessage {
  const dutch = composeInDutch(template, values);
  const own = language === 'nl' ? undefined : template[language];
  if (!own) return dutch;
  return {
    subject: `${dutch.subject} / ${fill(own.subject, values)}`,
    body: `${dutch.body}\n\n---\n\n${fill(own.body, values)}`,
    language: `nl+${language}`,
    ownLanguageParagraph: true,
  };
}

/** 2022-08-31 → 31-08-2022, as Dutch letters write dates. */
export function dutchDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year}`;
}
