/**
 * Nieuw traject: a klantmanager starts a trajectory — the municipality, the case reference, the
 * programme (a definition; new trajectories start on its newest version) and the facts that
 * version requires at the start, as typed fields. A refusal shows the API's message at the field it names
 * (`caseReference`, `facts.<name>`) and keeps what was typed; once started, the trajectory opens.
 */
import { useQuery } from '@tanstack/react-query';
import { PrimaryActionButton } from '@utrecht/button-react';
import { useState } from 'react';
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

export function StartTrajectoryPage() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const navigate = useNavigate();
  const municipalities = state.status === 'signedIn' ? state.user.municipalities : [];
  const definitions = useQuery({ queryKey: ['definitions'], queryFn: fetchDefinitions });
  const [definitionKey, setDefinitionKey] = useState<string>();
  const chosen = definitions.data?.find((definition) => definition.key === definitionKey);
  const facts = useQuery({ queryKey: ['facts', chosen?.key, chosen?.newestVersion], queryFn: () => fetchFacts(chosen!.key, chosen!.newestVersion), enabled: Boolean(chosen) });
  const { formRef, values, set, fieldErrors, formError, submitting, submitWith } = useRefusableForm({ municipality: municipalities[0] ?? '' });

  const submit = submitWith(
    () =>
      api.POST('/trajectories', {
        body: { municipality: values.municipality, caseReference: values.caseReference ?? '', definitionKey: definitionKey ?? '', facts: typedValues(facts.data ?? [], factValues(values)) } as never,
      }),
    {
      fieldOf: (apiField) => apiField.replace(/^facts\./, 'fact:'),
      onAccepted: (data) => navigate(`/trajectories/${encodeURIComponent((data as { trajectoryId: string }).trajectoryId)}`),
    },
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
