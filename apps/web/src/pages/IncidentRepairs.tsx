/**
 * The repairs of a trajectory's open incidents, for supervisors: run the failed step again once
 * the cause is gone (retry, with a reason), or go on as if it gave the result that was obtained by
 * hand (skip, with a reason and exactly the result fields the step's output reads). Cancelling the
 * trajectory is the third repair; its form is on the page already. Each is one ActionForm, so a
 * refusal stands at its field and keeps what was typed.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PayloadField, TrajectoryState } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { ActionForm, type ActionField } from './ActionForm';
import { QueryProblem } from './QueryProblem';
import { trajectoryQueryKey } from './TrajectoryPage';

type Incident = TrajectoryState['incidents'][number];

/** The parts of a published definition version that say what a skipped step must give. */
interface DeclaredSteps {
  readonly facts: ReadonlyArray<Omit<PayloadField, 'name'> & { readonly name: string }>;
  readonly nodes: Readonly<Record<string, { readonly kind: string; readonly output?: Readonly<Record<string, string>> }>>;
}

async function fetchDeclaredSteps(key: string, version: number): Promise<DeclaredSteps> {
  const { data, error, response } = await api.GET('/definitions/{key}/versions/{version}', { params: { path: { key, version } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return (data as unknown as { compiled: DeclaredSteps }).compiled;
}

const RESULT_FIELD = /\bresult\.([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The result fields a step's output reads (as the engine checks a skip: workflows/src/trajectory/inbox.ts),
 * each typed as the fact it is copied into when the output copies it whole, else as text.
 */
export function resultFieldsOf(steps: DeclaredSteps, nodeId: string): PayloadField[] {
  const output = steps.nodes[nodeId]?.output ?? {};
  const fields = new Map<string, PayloadField>();
  for (const [factName, expression] of Object.entries(output)) {
    for (const [, name] of expression.matchAll(RESULT_FIELD)) {
      const fact = expression.trim() === `result.${name}` ? steps.facts.find((candidate) => candidate.name === factName) : undefined;
      if (fields.has(name) && !fact) continue;
      fields.set(name, { name, type: fact?.type ?? 'string', required: true, values: fact?.values, description: fact?.description });
    }
  }
  return [...fields.values()];
}

/** What was chosen or typed for each result field, as its type; empty ones left out. */
function typedResult(fields: readonly PayloadField[], values: Record<string, string>): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    const raw = values[`result.${field.name}`] ?? '';
    // Left out when empty, so that the API names the missing field at its place.
    if (raw === '') continue;
    result[field.name] = field.type === 'number' ? Number(raw) : field.type === 'boolean' ? raw === 'true' : raw;
  }
  return result;
}

export function IncidentRepairs({ state, onChanged }: { state: TrajectoryState; onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const open = state.incidents.filter((incident) => incident.status === 'open');
  const { key, version } = state.definition;
  const steps = useQuery({ queryKey: ['declared-steps', key, version], queryFn: () => fetchDeclaredSteps(key, version), staleTime: Infinity, enabled: open.length > 0 });
  if (open.length === 0) return null;
  return (
    <section className="wegwijs-section" aria-labelledby="incidents-heading">
      <h2 className="utrecht-heading-2" id="incidents-heading">
        {t('incident.title')}
      </h2>
      <p className="utrecht-paragraph">{t('incident.intro')}</p>
      <QueryProblem query={steps} />
      {open.map((incident) => (
        <div key={incident.incidentId} className="utrecht-alert utrecht-alert--warning">
          <p className="utrecht-paragraph">
            {t('incident.summary', { step: incident.nodeId, activity: incident.activity, errorType: incident.errorType, count: incident.attempts, since: formatDate(amsterdamDate(incident.openedAt), i18n.language) })}
          </p>
        </div>
      ))}
      {steps.data && (
        <div className="wegwijs-forms">
          {open.map((incident) => (
            <IncidentForms key={incident.incidentId} trajectoryId={state.trajectoryId} incident={incident} resultFields={resultFieldsOf(steps.data, incident.nodeId)} onChanged={onChanged} />
          ))}
        </div>
      )}
    </section>
  );
}

function IncidentForms({ trajectoryId, incident, resultFields, onChanged }: { trajectoryId: string; incident: Incident; resultFields: readonly PayloadField[]; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const repaired = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trajectoryQueryKey(trajectoryId) });
    await queryClient.invalidateQueries({ queryKey: ['incidents'] });
    onChanged(message);
  };
  const path = { trajectoryId, incidentId: incident.incidentId };
  const reason = (hint: string): ActionField => ({ name: 'reason', label: t('incident.reason'), description: hint, type: 'text', required: true });
  return (
    <>
      <ActionForm
        title={t('incident.retryTitle', { step: incident.nodeId })}
        submitLabel={t('incident.retry')}
        fields={[reason(t('incident.retryHint'))]}
        send={(values) => api.POST('/trajectories/{trajectoryId}/incidents/{incidentId}/retry', { params: { path }, body: { reason: values.reason ?? '' } })}
        onDone={() => repaired(t('incident.retried', { step: incident.nodeId }))}
      />
      <ActionForm
        title={t('incident.skipTitle', { step: incident.nodeId })}
        submitLabel={t('incident.skip')}
        fields={[
          reason(t('incident.skipHint')),
          ...resultFields.map((field) => ({
            name: `result.${field.name}`,
            declared: { ...field, name: `result.${field.name}`, description: field.description ? t('incident.resultFieldDescribed', { field: field.name, description: field.description }) : t('incident.resultField', { field: field.name }) },
          })),
        ]}
        send={(values) => api.POST('/trajectories/{trajectoryId}/incidents/{incidentId}/skip', { params: { path }, body: { reason: values.reason ?? '', result: typedResult(resultFields, values) } })}
        onDone={() => repaired(t('incident.skipped', { step: incident.nodeId }))}
      />
    </>
  );
}
