/**
 * The facts of a trajectory (the housing date, the permit date, …) corrected when they were
 * recorded wrongly: a form generated from the facts its definition version declares, filled in
 * with the values as they stand, and the reason. Only the facts that differ are sent; the API's
 * refusal stands at the fact it names. Each correction is listed after, with what it changed and
 * the dated moments it moved (deadlines, norms, warnings), as its `facts.corrected` event says.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { FactsCorrected, PayloadField, TrajectoryState, TrajectoryView } from '../api/views';
import { DataTable } from '../components/DataTable';
import { amsterdamDate, formatDate } from '../i18n';
import { ActionForm, type ActionField } from './ActionForm';
import { useCompiledDefinition } from './definition-query';
import { typedValues } from './fields';
import { QueryProblem } from './QueryProblem';
import { trajectoryQueryKey } from './TrajectoryPage';

/** A form field per fact, named as the API names it in a refusal (`facts.housingDate`). */
const FACT_FIELD = 'facts.';
const REASON = 'reason';

export interface Correction extends FactsCorrected {
  readonly sequence: number;
  readonly recordedAt: string;
  readonly actor: { readonly role: string; readonly id: string };
}

export function correctionsIn(events: TrajectoryView['events']): Correction[] {
  return events.filter((event) => event.type === 'facts.corrected').map((event) => ({ ...(event.payload as unknown as FactsCorrected), sequence: event.sequence, recordedAt: event.recordedAt, actor: event.actor }));
}

export function FactCorrection({ state, onCorrected }: { state: TrajectoryState; onCorrected: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const compiled = useCompiledDefinition(state.definition);
  if (!compiled.data) return <QueryProblem query={compiled} />;
  const facts = compiled.data.facts;
  const current = Object.fromEntries(facts.flatMap((fact) => (state.facts[fact.name] === undefined || state.facts[fact.name] === null ? [] : [[`${FACT_FIELD}${fact.name}`, String(state.facts[fact.name])]])));
  const fields: ActionField[] = [
    ...facts.map((fact) => ({ name: `${FACT_FIELD}${fact.name}`, declared: { ...fact, required: false } })),
    { name: REASON, label: t('facts.reason'), description: t('facts.reasonHint'), type: 'text', required: true },
  ];
  return (
    <ActionForm
      title={t('facts.correctTitle')}
      submitLabel={t('facts.correct')}
      fields={fields}
      initialValues={current}
      send={async (values) => {
        const changed = changedFacts(facts, current, values);
        if (Object.keys(changed).length === 0) {
          // Nothing to correct: said here, rather than a correction that changes nothing in the history.
          return { response: new Response(null, { status: 422 }), error: { title: t('facts.nothingChanged'), detail: t('facts.nothingChanged') } };
        }
        return api.POST('/trajectories/{trajectoryId}/facts', { params: { path: { trajectoryId: state.trajectoryId } }, body: { facts: changed as never, reason: values[REASON] ?? '' } });
      }}
      onDone={async () => {
        await queryClient.invalidateQueries({ queryKey: trajectoryQueryKey(state.trajectoryId) });
        await queryClient.invalidateQueries({ queryKey: ['caseload'] });
        onCorrected(t('facts.corrected'));
      }}
    />
  );
}

/** The facts whose value the user changed, typed as the definition declares them; a fact emptied is sent as null. */
function changedFacts(facts: readonly PayloadField[], current: Record<string, string>, values: Record<string, string>): Record<string, unknown> {
  const differing = facts.filter((fact) => (values[`${FACT_FIELD}${fact.name}`] ?? '') !== (current[`${FACT_FIELD}${fact.name}`] ?? ''));
  const byName = Object.fromEntries(differing.map((fact) => [fact.name, values[`${FACT_FIELD}${fact.name}`] ?? '']));
  const typed = typedValues(differing, byName);
  return Object.fromEntries(differing.map((fact) => [fact.name, typed[fact.name] ?? null]));
}

/** Every correction so far, newest first: what it changed, why, and what it moved. */
export function Corrections({ corrections }: { corrections: readonly Correction[] }) {
  const { t, i18n } = useTranslation();
  if (corrections.length === 0) return <p className="utrecht-paragraph">{t('facts.noCorrections')}</p>;
  const date = (value: string | null) => (value ? formatDate(value, i18n.language) : '—');
  const shown = (value: unknown) => (value === null || value === undefined ? '—' : /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? date(String(value)) : String(value));
  return (
    <DataTable
      caption={t('facts.corrections')}
      rows={[...corrections].reverse()}
      rowKey={(correction) => String(correction.sequence)}
      columns={[
        { header: t('facts.recordedAt'), cell: (correction) => formatDate(amsterdamDate(correction.recordedAt), i18n.language) },
        {
          header: t('facts.changed'),
          rowHeader: true,
          cell: (correction) =>
            Object.entries(correction.changes)
              .map(([name, change]) => t('facts.change', { name, from: shown(change.from), to: shown(change.to) }))
              .join('; '),
        },
        { header: t('facts.reason'), cell: (correction) => correction.reason },
        {
          header: t('facts.moved'),
          cell: (correction) =>
            correction.moved && correction.moved.length > 0 ? (
              <ul className="utrecht-unordered-list">
                {correction.moved.map((moved) => (
                  <li className="utrecht-unordered-list__item" key={moved.what}>
                    {t('facts.movedEntry', { what: moved.what, from: date(moved.from), to: date(moved.to) })}
                  </li>
                ))}
              </ul>
            ) : (
              t('facts.movedNothing')
            ),
        },
        { header: t('trajectory.reportedBy'), cell: (correction) => `${correction.actor.role} (${correction.actor.id})` },
      ]}
    />
  );
}
