/**
 * Nieuw traject: a klantmanager starts a trajectory — the municipality, the case reference, the
 * programme (a definition; new trajectories start on its newest version) and the facts that
 * version requires at the start, as typed fields. A refusal shows the API's message at the field it names
 * (`caseReference`, `facts.<name>`) and keeps what was typed; once started, the trajectory opens.
 */
import { useQuery } from '@tanstack/react-query';
import { PrimaryActionButton } from '@utrecht/button-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PayloadField } from '../api/views';
import { useAuth } from '../auth';
import { DeclaredField, InputField, typedValues } from './fields';
import { QueryProblem } from './QueryProblem';

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
  const [values, setValues] = useState<Record<string, string>>({ municipality: municipalities[0] ?? '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [refusals, setRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const set = (name: string, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [refusals]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    try {
      const { data, error, response } = await api.POST('/trajectories', {
        body: { municipality: values.municipality, caseReference: values.caseReference ?? '', definitionKey: definitionKey ?? '', facts: typedValues(facts.data ?? [], factValues(values)) } as never,
      });
      if (response.ok) {
        await navigate(`/trajectories/${encodeURIComponent((data as unknown as { trajectoryId: string }).trajectoryId)}`);
        return;
      }
      const problem = problemOf(error, response.status);
      const atFields: Record<string, string> = {};
      for (const { field, message } of problem.errors ?? []) atFields[field.replace(/^facts\./, 'fact:')] = message;
      setFieldErrors(atFields);
      if (Object.keys(atFields).length === 0) setFormError(t('form.refused', { detail: problem.detail || problem.title }));
    } catch {
      setFormError(t('form.unreachable'));
    }
    setRefusals((count) => count + 1);
  }

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
        {formError && (
          <div className="utrecht-alert utrecht-alert--error" role="alert" tabIndex={-1}>
            <p className="utrecht-paragraph">{formError}</p>
          </div>
        )}
        <PrimaryActionButton type="submit">{t('start.submit')}</PrimaryActionButton>
      </form>
    </>
  );
}

/** The facts' values, by their own names (the form keeps them apart from its other fields). */
function factValues(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (name.startsWith('fact:') ? [[name.slice('fact:'.length), value]] : [])));
}
