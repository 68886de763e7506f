/**
 * Nieuw traject: a klantmanager starts a trajectory — the municipality, the case reference, the
 * programme (a definition; new trajectories start on its newest version), the facts that
 * version requires at the start, as typed fields, and the person it is for: registered here
 * (name, BSN, birth date, contact details; POST /people), linked by the pseudonymous id of a
 * record registered before, or none yet. A refusal shows the API's message at the field it names
 * (`caseReference`, `facts.<name>`, `name`, `personId`) and keeps what was typed; once started,
 * the trajectory opens. A person registered for a start that was then refused is remembered and
 * linked on the next try, not registered twice. Nothing personal goes into the URL.
 */
import { useQuery } from '@tanstack/react-query';
import { PrimaryActionButton } from '@utrecht/button-react';
import { Fieldset, FieldsetLegend } from '@utrecht/fieldset-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PayloadField } from '../api/views';
import { useAuth } from '../auth';
import { DeclaredField, InputField, typedValues } from './fields';
import { QueryProblem } from './QueryProblem';
import { FormError, useRefusableForm } from './refusable-form';

interface DefinitionSummary {
  readonly key: string;
  readonly newestVersion: number;
}

async function fetchDefinitions(): Promise<DefinitionSummary[]> {
  const { data, error, response } = await api.GET('/definitions');
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as DefinitionSummary[];
}

async function fetchFacts(key: string, version: number): Promise<PayloadField[]> {
  const { data, error, response } = await api.GET('/definitions/{key}/versions/{version}', { params: { path: { key, version } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  // What must be known to start; the other facts follow from milestones and corrections later.
  return (data as unknown as { compiled: { facts: PayloadField[] } }).compiled.facts.filter((fact) => fact.required);
}

/** The person record's fields (RegisterPersonDto), as the form names them. */
const PERSON_FIELDS = ['name', 'bsn', 'birthDate', 'email', 'phone', 'language'] as const;
type PersonChoice = 'register' | 'link' | 'none';

/** The form's field an API field stands for: a person's field, a fact, or the field itself. */
function formFieldOf(apiField: string): string {
  if ((PERSON_FIELDS as readonly string[]).includes(apiField) || apiField === 'personId') return `person:${apiField}`;
  return apiField.replace(/^facts\./, 'fact:');
}

export function StartTrajectoryPage() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const navigate = useNavigate();
  const municipalities = state.status === 'signedIn' ? state.user.municipalities : [];
  const definitions = useQuery({ queryKey: ['definitions'], queryFn: fetchDefinitions });
  const [definitionKey, setDefinitionKey] = useState<string>();
  const chosen = definitions.data?.find((definition) => definition.key === definitionKey);
  const facts = useQuery({ queryKey: ['facts', chosen?.key, chosen?.newestVersion], queryFn: () => fetchFacts(chosen!.key, chosen!.newestVersion), enabled: Boolean(chosen) });
  const { formRef, values, set, fieldErrors, formError, submitting, submitWith } = useRefusableForm({ municipality: municipalities[0] ?? '', 'person:choice': 'register' });
  const personChoice = (values['person:choice'] ?? 'register') as PersonChoice;
  // The person registered for an earlier try that the start then refused, and what they were registered with.
  const registered = useRef<{ personId: string; as: string } | undefined>(undefined);

  /** The person's id to start with: registered now (once for the same details), typed in, or none. */
  async function personToLink(): Promise<{ personId?: string } | { refused: Awaited<ReturnType<typeof api.POST>> }> {
    if (personChoice === 'none') return {};
    if (personChoice === 'link') return { personId: values['person:personId'] ?? '' };
    const person: Record<string, string> = { municipality: values.municipality ?? '', ...Object.fromEntries(PERSON_FIELDS.map((field) => [field, values[`person:${field}`] ?? ''])) };
    const details = JSON.stringify(person);
    if (registered.current?.as === details) return { personId: registered.current.personId };
    const answer = await api.POST('/people', { body: { ...person, email: person.email || null, phone: person.phone || null } as never });
    if (!answer.response.ok) return { refused: answer };
    registered.current = { personId: (answer.data as { personId: string }).personId, as: details };
    return { personId: registered.current.personId };
  }

  const submit = submitWith(
    async () => {
      const person = await personToLink();
      if ('refused' in person) return person.refused;
      return api.POST('/trajectories', {
        body: {
          municipality: values.municipality,
          caseReference: values.caseReference ?? '',
          definitionKey: definitionKey ?? '',
          facts: typedValues(facts.data ?? [], factValues(values)),
          ...(person.personId !== undefined ? { personId: person.personId } : {}),
        } as never,
      });
    },
    {
      fieldOf: formFieldOf,
      onAccepted: (data) => {
        registered.current = undefined;
        return navigate(`/trajectories/${encodeURIComponent((data as { trajectoryId: string }).trajectoryId)}`);
      },
    },
  );
  const personField = (name: (typeof PERSON_FIELDS)[number] | 'personId', type: string, required: boolean) => (
    <InputField
      key={name}
      id={`start-person-${name}`}
      label={t(`start.person.${name}`)}
      description={t(`start.person.${name}Hint`, { defaultValue: '' }) || undefined}
      type={type}
      required={required}
      value={values[`person:${name}`] ?? ''}
      error={fieldErrors[`person:${name}`]}
      onChange={(value) => set(`person:${name}`, value)}
    />
  );

  return (
    <>
      <h1 className="utrecht-heading-1">{t('start.title')}</h1>
      <QueryProblem query={definitions} />
      <form ref={formRef} noValidate onSubmit={(event) => void submit(event)}>
        {municipalities.length > 1 && (
          <DeclaredField
            id="start-municipality"
            field={{ name: 'municipality', type: 'string', required: true, values: municipalities, description: t('start.municipality') }}
            value={values.municipality ?? ''}
            error={fieldErrors.municipality}
            onChange={(value) => set('municipality', value)}
          />
        )}
        <InputField
          id="start-caseReference"
          label={t('start.caseReference')}
          description={t('start.caseReferenceHint')}
          type="text"
          required
          value={values.caseReference ?? ''}
          error={fieldErrors.caseReference}
          onChange={(value) => set('caseReference', value)}
        />
        {definitions.data && (
          <DeclaredField
            id="start-definition"
            field={{ name: 'definitionKey', type: 'string', required: true, values: definitions.data.map((definition) => definition.key), description: t('start.programme') }}
            value={definitionKey ?? ''}
            error={fieldErrors.definitionKey}
            onChange={setDefinitionKey}
          />
        )}
        <QueryProblem query={facts} />
        {facts.data?.map((fact) => (
          <DeclaredField key={fact.name} id={`start-fact-${fact.name}`} field={fact} value={values[`fact:${fact.name}`] ?? ''} error={fieldErrors[`fact:${fact.name}`]} onChange={(value) => set(`fact:${fact.name}`, value)} />
        ))}
        <Fieldset>
          <FieldsetLegend>{t('start.person.title')}</FieldsetLegend>
          <DeclaredField
            id="start-person-choice"
            field={{ name: 'personChoice', type: 'string', required: true, values: ['register', 'link', 'none'], description: t('start.person.choice') }}
            labels={{ register: t('start.person.register'), link: t('start.person.link'), none: t('start.person.none') }}
            value={personChoice}
            onChange={(value) => set('person:choice', value)}
          />
          {personChoice === 'register' && (
            <>
              {personField('name', 'text', true)}
              {personField('bsn', 'text', true)}
              {personField('birthDate', 'date', true)}
              {personField('email', 'email', false)}
              {personField('phone', 'tel', false)}
              {personField('language', 'text', true)}
            </>
          )}
          {personChoice === 'link' && personField('personId', 'text', true)}
        </Fieldset>
        <FormError message={formError} />
        <PrimaryActionButton type="submit" busy={submitting}>
          {t('start.submit')}
        </PrimaryActionButton>
      </form>
    </>
  );
}

/** The facts' values, by their own names (the form keeps them apart from its other fields). */
function factValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (name.startsWith('fact:') ? [[name.slice('fact:'.length), value]] : [])));
}
