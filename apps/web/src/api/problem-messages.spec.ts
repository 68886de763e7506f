import i18next, { type TFunction } from 'i18next';
import en from '../locales/en.json';
import nl from '../locales/nl.json';
import type { Problem } from './client';
import { FIELD_MESSAGE_SHAPES, fieldProblemMessage, problemMessage } from './problem-messages';

const texts = i18next.createInstance();
void texts.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false }, initAsync: false });
const dutch = texts.getFixedT('nl') as TFunction;
const english = texts.getFixedT('en') as TFunction;

const refusal = (type: string, status: number, members: Partial<Problem> = {}): Problem => ({ type, title: 'An English title', status, detail: 'An English detail', ...members });

describe('a refusal in the user’s language', () => {
  it('says a known problem type in Dutch or English, filled in from the problem’s members', () => {
    expect(problemMessage(refusal('/problems/outside-municipality', 403), dutch)).toBe('Deze gemeente is niet een van de uwe.');
    expect(problemMessage(refusal('/problems/outside-municipality', 403), english)).toBe('This municipality is not one of yours.');
    const forbidden = refusal('/problems/forbidden-role', 403, { extensions: { allowedRoles: ['beleid', 'supervisor'] } });
    expect(problemMessage(forbidden, dutch)).toBe('Uw rol mag dit niet. Dit mag: beleid, supervisor.');
    const invalid = refusal('/problems/validation-failed', 422, { errors: [{ field: 'from', message: 'from must not be after to' }] });
    expect(problemMessage(invalid, dutch)).toBe('Niet alles is goed ingevuld: from: Mag niet na de einddatum liggen.');
  });

  it('shows what it does not know as the API sent it, and any 5xx as the service being away', () => {
    expect(problemMessage(refusal('/problems/some-new-kind', 409), dutch)).toBe('Er ging iets mis: An English detail');
    expect(problemMessage(refusal('about:blank', 502), dutch)).toBe(nl.problems['service-unavailable']);
  });

  it('says the field messages of the API’s shapes again with their values, dates as the language writes them', () => {
    expect(fieldProblemMessage('must be on or before 2026-12-07', dutch, 'nl')).toBe('Mag niet later zijn dan 7 december 2026.');
    expect(fieldProblemMessage('must be on or before 2026-12-07', english, 'en')).toBe('Must not be later than 7 December 2026.');
    expect(fieldProblemMessage('klantmanagerId must be a pseudonymous id (letters, digits, _.@:-)', dutch, 'nl')).toBe(
      'Vul een pseudonieme id in (letters, cijfers en _.@:-), geen naam.',
    );
    expect(fieldProblemMessage('is required (true or false)', dutch, 'nl')).toBe('Kies ja of nee.');
    expect(fieldProblemMessage('must be one of werk, onderwijs', english, 'en')).toBe('Choose one of: werk, onderwijs.');
    expect(fieldProblemMessage('duration must be an ISO 8601 duration of years, months, weeks or days greater than zero, such as P6M', dutch, 'nl')).toBe(
      'Vul een duur in zoals P6M (P6M is zes maanden, P1Y een jaar).',
    );
    expect(fieldProblemMessage('legalBasis must be 3 to 200 characters', english, 'en')).toBe('Enter 3 to 200 characters.');
    expect(fieldProblemMessage('bsn must be 9 digits that pass the eleven test', dutch, 'nl')).toBe('Vul een BSN in: negen cijfers die de elfproef doorstaan.');
    expect(fieldProblemMessage('language must be an ISO 639-1 code such as nl, ar or ti', english, 'en')).toBe('Enter an ISO 639-1 language code such as nl, ar or ti.');
  });

  it('leaves a message it does not know as it is: a definition’s own rule message', () => {
    expect(fieldProblemMessage('must be between 0 and 120', dutch, 'nl')).toBe('must be between 0 and 120');
  });

  it('has every sentence in both languages', () => {
    expect(Object.keys(en.problems).sort()).toEqual(Object.keys(nl.problems).sort());
    expect(Object.keys(en.fieldProblems).sort()).toEqual(Object.keys(nl.fieldProblems).sort());
    for (const { key } of FIELD_MESSAGE_SHAPES) expect(Object.keys(nl.fieldProblems)).toContain(key);
  });
});
