/**
 * The changes made on a trajectory page besides milestones: a legal clock suspended, extended,
 * resumed or stopped with its legal basis and the day it takes effect; the trajectory cancelled with a
 * reason; and (supervisors) the case moved to another klantmanager. Each is one ActionForm, so a
 * refusal stands at its field and keeps what was typed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { TrajectoryState } from '../api/views';
import { ActionForm, filledIn, type ActionField } from './ActionForm';
import { useCompiledDefinition, type DeclaredClock } from './definition-query';
import { QueryProblem } from './QueryProblem';
import { trajectoryQueryKey } from './TrajectoryPage';

type Clock = TrajectoryState['clocks'][number];
type ClockChange = 'suspend' | 'extend' | 'resume' | 'stop';

/**
 * The decisions that stop a clock for good: the milestones it stops on that record a legal basis
 * (DUO's exemption), as the API's stop endpoint takes them. The diploma stops the term too, but is
 * the person's exam, reported as a milestone.
 */
function stoppingDecisions(state: TrajectoryState, declared: DeclaredClock): string[] {
  return declared.stopOn.filter((milestone) =>
    state.expectedMilestones.some((expected) => expected.clockId === declared.id && expected.milestone === milestone && expected.payload.some((field) => field.name === 'legalBasis')),
  );
}

/** What can be done to a clock as it stands and as its definition allows: a running one suspended, a suspended one resumed, either extended or stopped. */
function changesFor(state: TrajectoryState, clock: Clock, declared: DeclaredClock | undefined): readonly ClockChange[] {
  if (!declared || (clock.status !== 'running' && clock.status !== 'suspended')) return [];
  const allowed: Record<ClockChange, boolean> = {
    suspend: clock.status === 'running' && declared.suspendOn.length > 0,
    resume: clock.status === 'suspended' && declared.resumeOn.length > 0,
    extend: declared.extendOn.length > 0,
    stop: stoppingDecisions(state, declared).length > 0,
  };
  return (['suspend', 'resume', 'extend', 'stop'] as const).filter((change) => allowed[change]);
}

/** Tells the page what happened, and has it read the trajectory again. */
function useChanged(trajectoryId: string, onChanged: (message: string) => void) {
  const queryClient = useQueryClient();
  return async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: trajectoryQueryKey(trajectoryId) });
    await queryClient.invalidateQueries({ queryKey: ['caseload'] });
    onChanged(message);
  };
}

export function ClockActions({ state, onChanged }: { state: TrajectoryState; onChanged: (message: string) => void }) {
  const declared = useCompiledDefinition(state.definition);
  const trajectoryId = state.trajectoryId;
  const declaredClock = (clock: Clock) => declared.data?.legalClocks.find((candidate) => candidate.id === clock.clockId);
  const changeable = state.clocks.flatMap((clock) => changesFor(state, clock, declaredClock(clock)).map((change) => ({ clock, change })));
  if (declared.isError) return <QueryProblem query={declared} />;
  if (changeable.length === 0) return null;
  return (
    <div className="wegwijs-forms">
      {changeable.map(({ clock, change }) => (
        <ClockChangeForm
          key={`${clock.clockId}-${change}-${clock.status}`}
          trajectoryId={trajectoryId}
          clock={clock}
          change={change}
          decisions={change === 'stop' ? stoppingDecisions(state, declaredClock(clock)!) : []}
          onChanged={onChanged}
        />
      ))}
    </div>
  );
}

interface ClockChangeProps {
  readonly trajectoryId: string;
  readonly clock: Clock;
  readonly change: ClockChange;
  /** For a stop: the decisions it may rest on; asked only when there is more than one. */
  readonly decisions: readonly string[];
  readonly onChanged: (message: string) => void;
}

function ClockChangeForm({ trajectoryId, clock, change, decisions, onChanged }: ClockChangeProps) {
  const { t } = useTranslation();
  const changed = useChanged(trajectoryId, onChanged);
  // One key per change: a retry after a lost answer is applied once; renewed once it is applied.
  const idempotencyKey = useRef(crypto.randomUUID());
  const fields: ActionField[] = [
    ...(change === 'extend' ? [{ name: 'duration', label: t('clock.duration'), description: t('clock.durationHint'), type: 'text' as const, required: true }] : []),
    ...(decisions.length > 1 ? [{ name: 'milestone', declared: { name: 'milestone', type: 'string' as const, required: true, values: decisions, description: t('clock.decision') } }] : []),
    { name: 'legalBasis', label: t('clock.legalBasis'), description: t('clock.legalBasisHint'), type: 'text', required: true },
    { name: 'occurredOn', label: t('clock.occurredOn'), description: t('clock.occurredOnHint'), type: 'date' },
  ];
  return (
    <ActionForm
      title={t(`clock.${change}Title`, { clock: clock.name })}
      intro={change === 'stop' ? t('clock.stopIntro') : undefined}
      submitLabel={t(`clock.${change}`)}
      fields={fields}
      send={async (values) => {
        const params = { path: { trajectoryId, clockId: clock.clockId }, header: { 'Idempotency-Key': idempotencyKey.current } };
        const common = { legalBasis: values.legalBasis ?? '', ...filledIn(values, ['occurredOn']) };
        const answer =
          change === 'extend'
            ? await api.POST('/trajectories/{trajectoryId}/clocks/{clockId}/extend', { params, body: { ...common, duration: values.duration ?? '' } })
            : change === 'stop'
              ? await api.POST('/trajectories/{trajectoryId}/clocks/{clockId}/stop', { params, body: { ...common, ...filledIn(values, ['milestone']) } })
              : await api.POST(`/trajectories/{trajectoryId}/clocks/{clockId}/${change}`, { params, body: common });
        // The API answers a repeated key as it answered first, refusals included: what is sent after
        // a refusal is another change. Only an unanswered send (which throws) keeps its key.
        if (!answer.response.ok) idempotencyKey.current = crypto.randomUUID();
        return answer;
      }}
      onDone={async () => {
        idempotencyKey.current = crypto.randomUUID();
        await changed(t(`clock.${change}Done`, { clock: clock.name }));
      }}
    />
  );
}

export function CancelTrajectory({ trajectoryId, onChanged }: { trajectoryId: string; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const changed = useChanged(trajectoryId, onChanged);
  return (
    <ActionForm
      title={t('cancel.title')}
      submitLabel={t('cancel.submit')}
      fields={[
        { name: 'reason', label: t('cancel.reason'), description: t('cancel.reasonHint'), type: 'text', required: true },
        { name: 'occurredOn', label: t('cancel.occurredOn'), description: t('cancel.occurredOnHint'), type: 'date' },
      ]}
      send={(values) => api.POST('/trajectories/{trajectoryId}/cancel', { params: { path: { trajectoryId } }, body: { reason: values.reason ?? '', ...filledIn(values, ['occurredOn']) } })}
      onDone={() => changed(t('cancel.done'))}
    />
  );
}

/** A supervisor gives the case to another klantmanager, with the reason (no personal data). */
export function MoveCase({ trajectoryId, onChanged }: { trajectoryId: string; onChanged: (message: string) => void }) {
  const { t } = useTranslation();
  const changed = useChanged(trajectoryId, onChanged);
  // Who the case goes to, for the message once it has gone.
  const movingTo = useRef('');
  return (
    <ActionForm
      title={t('move.title')}
      submitLabel={t('move.submit')}
      fields={[
        { name: 'klantmanagerId', label: t('move.klantmanagerId'), description: t('move.klantmanagerIdHint'), type: 'text', required: true },
        { name: 'reason', label: t('move.reason'), description: t('move.reasonHint'), type: 'text', required: true },
      ]}
      send={(values) => {
        movingTo.current = values.klantmanagerId ?? '';
        return api.POST('/trajectories/{trajectoryId}/client-manager', { params: { path: { trajectoryId } }, body: { klantmanagerId: values.klantmanagerId ?? '', reason: values.reason ?? '' } });
      }}
      onDone={() => changed(t('move.done', { id: movingTo.current }))}
    />
  );
}
