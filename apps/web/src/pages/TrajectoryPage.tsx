/**
 * A trajectory: where it stands (phase, status), its timeline in business time (the milestones
 * reported, dated as they happened), the schedule ahead and behind, the legal clocks with their
 * deadline and changes, and a form for each milestone it expects now; its BPMN diagram with where
 * it stands; and the other changes: a clock suspended, extended or resumed, the trajectory
 * cancelled, and (supervisors) the case moved to another klantmanager, and a failed step's incident
 * retried or skipped.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import { useAuth } from '../auth';
import type { TrajectoryState } from '../api/views';
import { formatDate } from '../i18n';
import { IncidentRepairs } from './IncidentRepairs';
import { MilestoneForm } from './MilestoneForm';
import { QueryProblem } from './QueryProblem';
import { CancelTrajectory, ClockActions, MoveCase } from './TrajectoryActions';

// bpmn-js is most of the app's weight: loaded when a trajectory page first shows its diagram, not on first load.
const TrajectoryDiagram = lazy(() => import('./TrajectoryDiagram').then((module) => ({ default: module.TrajectoryDiagram })));

export function trajectoryQueryKey(trajectoryId: string) {
  return ['trajectory', trajectoryId] as const;
}

export async function fetchTrajectory(trajectoryId: string): Promise<TrajectoryState> {
  const { data, error, response } = await api.GET('/trajectories/{trajectoryId}', { params: { path: { trajectoryId } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return (data as unknown as { state: TrajectoryState }).state;
}

export function TrajectoryPage() {
  const { t, i18n } = useTranslation();
  const trajectoryId = useParams().trajectoryId ?? '';
  const trajectory = useQuery({ queryKey: trajectoryQueryKey(trajectoryId), queryFn: () => fetchTrajectory(trajectoryId) });
  const state = trajectory.data;
  const [recorded, setRecorded] = useState<string>();
  const { state: auth } = useAuth();
  const supervises = auth.status === 'signedIn' && auth.user.role === 'supervisor';
  // Who may repair an incident (apps/api incidents.controller REPAIRERS).
  const repairs = auth.status === 'signedIn' && (auth.user.role === 'supervisor' || auth.user.role === 'admin');
  const running = state?.status === 'running';
  const date = (value: string | null | undefined) => formatDate(value, i18n.language);
  const status = (value: string) => t(`status.${value}`, { defaultValue: value });
  // Milestones of a step; a clock's own milestones (suspend, extend) are changed elsewhere.
  const expected = state?.expectedMilestones.filter((entry) => entry.nodeId !== null) ?? [];

  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/">
          {t('trajectory.back')}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t('trajectory.title', { id: trajectoryId })}</h1>
      <QueryProblem query={trajectory} />
      <div role="status">
        {recorded && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">{recorded}</p>
          </div>
        )}
      </div>
      {state && (
        <>
          <dl className="utrecht-data-list">
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t('trajectory.phase')}</dt>
              <dd className="utrecht-data-list__item-value">{state.phase ?? '—'}</dd>
            </div>
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t('trajectory.status')}</dt>
              <dd className="utrecht-data-list__item-value">{status(state.status)}</dd>
            </div>
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t('trajectory.definition')}</dt>
              <dd className="utrecht-data-list__item-value">
                {state.definition.key} v{state.definition.version}
              </dd>
            </div>
            <div className="utrecht-data-list__item">
              <dt className="utrecht-data-list__item-key">{t('trajectory.startedOn')}</dt>
              <dd className="utrecht-data-list__item-value">{date(state.startOn)}</dd>
            </div>
          </dl>

          {running && repairs && <IncidentRepairs state={state} onChanged={setRecorded} />}

          <section className="wegwijs-section" aria-labelledby="diagram-heading">
            <h2 className="utrecht-heading-2" id="diagram-heading">
              {t('diagram.title')}
            </h2>
            <Suspense fallback={<p className="utrecht-paragraph">{t('app.loading')}</p>}>
              <TrajectoryDiagram state={state} />
            </Suspense>
          </section>

          <section className="wegwijs-section" aria-labelledby="expected-heading">
            <h2 className="utrecht-heading-2" id="expected-heading">
              {t('trajectory.expected')}
            </h2>
            {expected.length === 0 && <p className="utrecht-paragraph">{t('trajectory.expectedEmpty')}</p>}
            <div className="wegwijs-forms">
              {expected.map((milestone) => (
                <MilestoneForm
                  key={`${milestone.milestone}@${milestone.nodeId}`}
                  trajectoryId={trajectoryId}
                  expected={milestone}
                  waiting={state.waitingOn.find((wait) => wait.milestone === milestone.milestone)}
                  onRecorded={setRecorded}
                />
              ))}
            </div>
          </section>

          <section className="wegwijs-section" aria-labelledby="timeline-heading">
            <h2 className="utrecht-heading-2" id="timeline-heading">
              {t('trajectory.timeline')}
            </h2>
            {state.milestonesDone.length === 0 ? (
              <p className="utrecht-paragraph">{t('trajectory.timelineEmpty')}</p>
            ) : (
              <table className="utrecht-table">
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.occurredOn')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.milestone')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.effectiveOn')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.reportedBy')}</th>
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {[...state.milestonesDone]
                    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
                    .map((done) => (
                      <tr className="utrecht-table__row" key={done.milestoneId}>
                        <td className="utrecht-table__cell">{date(done.occurredOn)}</td>
                        <td className="utrecht-table__cell">{done.milestone}</td>
                        <td className="utrecht-table__cell">{date(done.effectiveOn)}</td>
                        <td className="utrecht-table__cell">
                          {done.actor.role} ({done.actor.id})
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="wegwijs-section" aria-labelledby="schedule-heading">
            <h2 className="utrecht-heading-2" id="schedule-heading">
              {t('trajectory.schedule')}
            </h2>
            {state.schedule.length === 0 ? (
              <p className="utrecht-paragraph">{t('trajectory.scheduleEmpty')}</p>
            ) : (
              <table className="utrecht-table">
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.date')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.what')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.kind')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.scheduleStatus')}</th>
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {state.schedule.map((entry) => (
                    <tr className="utrecht-table__row" key={entry.id}>
                      <td className="utrecht-table__cell">{date(entry.date)}</td>
                      <td className="utrecht-table__cell">{entry.label}</td>
                      <td className="utrecht-table__cell">{entry.kind}</td>
                      <td className="utrecht-table__cell">{status(entry.outcome ?? entry.status)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="wegwijs-section" aria-labelledby="clocks-heading">
            <h2 className="utrecht-heading-2" id="clocks-heading">
              {t('trajectory.clocks')}
            </h2>
            {state.clocks.length === 0 ? (
              <p className="utrecht-paragraph">{t('trajectory.clocksEmpty')}</p>
            ) : (
              <table className="utrecht-table">
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.clock')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.clockStatus')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.clockStart')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.deadline')}</th>
                    <th className="utrecht-table__header-cell" scope="col">{t('trajectory.changes')}</th>
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {state.clocks.map((clock) => (
                    <tr className="utrecht-table__row" key={clock.clockId}>
                      <th className="utrecht-table__header-cell" scope="row">{clock.name}</th>
                      <td className="utrecht-table__cell">{status(clock.status)}</td>
                      <td className="utrecht-table__cell">{date(clock.startDate)}</td>
                      <td className="utrecht-table__cell">{date(clock.deadline)}</td>
                      <td className="utrecht-table__cell">
                        {clock.changes.length === 0
                          ? '—'
                          : clock.changes.map((change) => `${date(change.on)}: ${change.kind ? status(change.kind) : ''}${change.legalBasis ? ` (${change.legalBasis})` : ''}`).join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {running && <ClockActions state={state} onChanged={setRecorded} />}
          </section>

          {running && (
            <section className="wegwijs-section" aria-labelledby="changes-heading">
              <h2 className="utrecht-heading-2" id="changes-heading">
                {t('trajectory.otherChanges')}
              </h2>
              <div className="wegwijs-forms">
                <CancelTrajectory trajectoryId={trajectoryId} onChanged={setRecorded} />
                {supervises && <MoveCase trajectoryId={trajectoryId} onChanged={setRecorded} />}
              </div>
            </section>
          )}
        </>
      )}
    </>
  );
}
