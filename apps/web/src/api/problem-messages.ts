/**
 * The API's refusals in the user's language. The API answers in English problem+json (RFC 9457):
 * a stable `type` per kind of refusal, and per field a short English `message`. The app says each
 * in Dutch (or English, when chosen): the `type` picks the sentence (locales: `problems.<type>`),
 * filled in from the problem's own members (allowed roles, expected milestones, a clock's possible
 * changes); each field message is matched against the shapes the API words them in (`must be one
 * of …`, `must be on or before <date>`, …) and said again with its values (locales:
 * `fieldProblems.<shape>`). What the app does not know — a new problem type, a rule's own message
 * written in a definition — is shown as the API sent it, which is readable too.
 *
 *   problemMessage({ type: '/problems/outside-municipality', … }, t);   // 'Deze gemeente is niet een van de uwe.'
 *   fieldProblemMessage('must be on or before 2026-12-07', t, 'nl');    // 'Mag niet later zijn dan 7 december 2026.'
 */
import type { TFunction } from 'i18next';
import { formatDate } from '../i18n';
import type { Problem } from './client';

const PROBLEM_TYPE_PREFIX = '/problems/';

/** One sentence for the whole refusal, in the user's language. */
export function problemMessage(problem: Problem, t: TFunction, language = 'nl'): string {
  const kind = problem.type.startsWith(PROBLEM_TYPE_PREFIX) ? problem.type.slice(PROBLEM_TYPE_PREFIX.length) : undefined;
  const members = problem.extensions ?? {};
  const list = (name: string) => (Array.isArray(members[name]) ? (members[name] as unknown[]).join(', ') : '');
  const parameters = {
    allowedRoles: list('allowedRoles'),
    expected: list('expected') || '—',
    possible: list('possible') || '—',
    clockId: typeof members.clockId === 'string' ? members.clockId : '',
    fields: (problem.errors ?? []).map((error) => `${error.field}: ${fieldProblemMessage(error.message, t, language)}`).join('; '),
  };
  if (kind && t(`problems.${kind}`, { defaultValue: '' }) !== '') return t(`problems.${kind}`, parameters);
  if (problem.status >= 500) return t('problems.service-unavailable');
  return t('errors.generic', { detail: problem.detail || problem.title });
}

/**
 * The shapes of the API's field messages, most specific first. The API prefixes some with the
 * field's name (`from must not be after to`); the form shows the message at its field already.
 */
export const FIELD_MESSAGE_SHAPES: ReadonlyArray<{ readonly shape: RegExp; readonly key: string; readonly parameters?: (match: RegExpMatchArray) => Record<string, string> }> = [
  { shape: /^is required \(true or false\)$/, key: 'boolean' },
  { shape: /^is required(?: \(.*\))?$|^required \w+ fact is missing$|^must not be empty$|^should not be empty$/, key: 'required' },
  { shape: /^must be true or false$/, key: 'boolean' },
  { shape: /^must be a (?:number|whole number)$/, key: 'number' },
  { shape: /^must be at least (\d+) characters$/, key: 'minLength', parameters: ([, count]) => ({ count }) },
  { shape: /^must be at most (\d+) characters$/, key: 'maxLength', parameters: ([, count]) => ({ count }) },
  { shape: /^must be at least (-?[\d.]+)$/, key: 'minimum', parameters: ([, limit]) => ({ limit }) },
  { shape: /^must (?:be at most|not be greater than) (-?[\d.]+)$/, key: 'maximum', parameters: ([, limit]) => ({ limit }) },
  { shape: /^must be a calendar date YYYY-MM-DD, not in the future$/, key: 'pastDate' },
  { shape: /^must be a (?:calendar )?date(?: YYYY-MM-DD)?$/, key: 'date' },
  { shape: /^must be an ISO 8601 duration\b.* such as (\S+)$/, key: 'duration', parameters: ([, example]) => ({ example }) },
  { shape: /^must be (\d+) to (\d+) characters$/, key: 'lengthBetween', parameters: ([, minimum, maximum]) => ({ minimum, maximum }) },
  { shape: /^must be text$/, key: 'text' },
  { shape: /^must be one of (.+)$/, key: 'oneOf', parameters: ([, values]) => ({ values }) },
  { shape: /^must be (\w+) or (\w+)$/, key: 'oneOf', parameters: ([, first, second]) => ({ values: `${first}, ${second}` }) },
  { shape: /^must (?:be on or before |not be after today \()(\d{4}-\d{2}-\d{2})\)?$/, key: 'notAfter', parameters: ([, date]) => ({ date }) },
  { shape: /^must be on or after (\d{4}-\d{2}-\d{2}), when its step began$/, key: 'notBeforeStep', parameters: ([, date]) => ({ date }) },
  { shape: /^must be on or after (\d{4}-\d{2}-\d{2})/, key: 'notBefore', parameters: ([, date]) => ({ date }) },
  { shape: /^must not be after to$/, key: 'fromAfterTo' },
  { shape: /^must be a pseudonymous (?:user )?id/, key: 'pseudonymousId' },
  { shape: /^must be a UUID$/, key: 'uuid' },
  { shape: /^must be (?:a CBS code|CBS codes) such as GM0392/, key: 'cbsCode' },
  { shape: /^must be an e-mail address$/, key: 'email' },
  { shape: /^must be 9 digits that pass the eleven test$/, key: 'bsn' },
  { shape: /^must be an ISO 639-1 code/, key: 'languageCode' },
  { shape: /^is not a field of this milestone/, key: 'notAField' },
];

/** A field's message from the API, in the user's language; as sent when its shape is not known. */
export function fieldProblemMessage(message: string, t: TFunction, language: string): string {
  // The field's own name before the verb ('klantmanagerId must be …'), which the form's label says better.
  const unprefixed = message.replace(/^[\w.[\]-]+ (?=(?:must|should|is) )/, '');
  for (const { shape, key, parameters } of FIELD_MESSAGE_SHAPES) {
    const match = unprefixed.match(shape);
    if (!match) continue;
    const values = parameters?.(match) ?? {};
    if (values.date) values.date = formatDate(values.date, language);
    return t(`fieldProblems.${key}`, values);
  }
  return message;
}
