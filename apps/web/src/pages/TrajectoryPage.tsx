/**
 * A trajectory: where it stands (phase, status), its timeline in business time (the milestones
 * reported, dated as they happened), the schedule ahead and behind, the legal clocks with their
 * deadline and changes, and a form for each milestone it expects now; its BPMN diagram with where
 * it stands; the person it is for (name and contact details, only to whoever may read the person
 * record); the facts, corrected with a reason, and what each correction moved; and the other
 * changes: a clock suspended, extended, resumed or stopped, the trajectory cancelled, and
 * (supervisors) the case moved to another klantmanager, and a failed step's incident retried or skipped.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import { useAuth } from '../auth';
import type { TrajectoryView } from '../api/views';
import { DataTable } from '../components/DataTable';
import { formatDate } from '../i18n';
import { Corrections, correctionsIn, FactCorrection } from './FactCorrection';
import { IncidentRepairs } from './IncidentRepairs';
import { MilestoneForm } from './MilestoneForm';
import { QueryProblem } from './QueryProblem';
import { PersonPanel } from './PersonPanel';
import { CancelTrajectory, ClockActions, MoveCase } from './TrajectoryActions';

// bpmn-js is most of the app's weight: loaded when a trajectory page first shows its diagram, not on first load.
const TrajectoryDiagram = lazy(() => import('./TrajectoryDiagram').then((module) => ({ default: module.TrajectoryDiagram })));

export function trajectoryQueryKey(trajectoryId: string) {
  return ['trajectory', trajectoryId] as const;
}

/** The trajectory's state and its recorded events (the events say, for one, what a correction moved). */
export async function fetchTrajectory(trajectoryId: string): Promise<TrajectoryView> {
  const { data, error, response } = await api.GET('/trajectories/{trajectoryId}', { params: { path: { trajectoryId } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as TrajectoryView;
}

export function TrajectoryPage() {
  const { t, i18n } = useTranslation();
  const trajectoryId = useParams().trajectoryId ?? '';
  // A correction's event (what it moved) is written just after the correction is answered: until it
  // is there, the page asks again.
  const [correctionsExpected, setCorrectionsExpected] = useState(0);
  const trajectory = useQuery({
    queryKey: trajectoryQueryKey(trajectoryId),
    queryFn: () => fetchTrajectory(trajectoryId),
    refetchInterval: (query) => (correctionsIn(query.state.data?.events ?? []).length < correctionsExpected ? 500 : false),
  });
  const state = trajectory.data?.state;
  const corrections = correctionsIn(trajectory.data?.events ?? []);
  const [recorded, setRecorded] = useState<string>();
  const { state: auth } = useAuth();
  const role = auth.status === 'signedIn' ? auth.user.role : undefined;
  const supervises = role === 'supervisor';
  // Who may read the person record (apps/api people: the klantmanager holding the case, supervisors).
  const readsPeople = role === 'klantmanager' || role === 'supervisor';
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

          {readsPeople && <PersonPanel trajectoryId={trajectoryId} />}

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
              <DataTable
                rows={[...state.milestonesDone].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))}
                rowKey={(done) => done.milestoneId}
                columns={[
                  { header: t('trajectory.occurredOn'), cell: (done) => date(done.occurredOn) },
                  { header: t('trajectory.milestone'), cell: (done) => done.milestone },
                  { header: t('trajectory.effectiveOn'), cell: (done) => date(done.effectiveOn) },
                  { header: t('trajectory.reportedBy'), cell: (done) => `${done.actor.role} (${done.actor.id})` },
                ]}
              />
            )}
          </section>

          <section className="wegwijs-section" aria-labelledby="facts-heading">
            <h2 className="utrecht-heading-2" id="facts-heading">
              {t('facts.title')}
            </h2>
            <Corrections corrections={corrections} />
            {running && (
              // Folded away: a correction is rare, and the form has a field for every fact.
              <details className="wegwijs-disclosure">
                <summary className="utrecht-link">{t('facts.open')}</summary>
                <FactCorrection
                  key={JSON.stringify(state.facts)}
                  state={state}
                  onCorrected={(message) => {
                    setCorrectionsExpected(corrections.length + 1);
                    setRecorded(message);
                  }}
                />
              </details>
            )}
          </section>

          <section className="wegwijs-section" aria-labelledby="schedule-heading">
            <h2 className="utrecht-heading-2" id="schedule-heading">
              {t('trajectory.schedule')}
            </h2>
            {state.schedule.length === 0 ? (
              <p className="utrecht-paragraph">{t('trajectory.scheduleEmpty')}</p>
            ) : (
              <DataTable
                rows={state.schedule}
                rowKey={(entry) => entry.id}
                columns={[
                  { header: t('trajectory.date'), cell: (entry) => date(entry.date) },
                  { header: t('trajectory.what'), cell: (entry) => entry.label },
                  { header: t('trajectory.kind'), cell: (entry) => t(`scheduleKind.${entry.kind}`, { defaultValue: entry.kind }) },
                  { header: t('trajectory.scheduleStatus'), cell: (entry) => status(entry.outcome ?? entry.status) },
                ]}
              />
            )}
          </section>

          <section className="wegwijs-section" aria-labelledby="clocks-heading">
            <h2 className="utrecht-heading-2" id="clocks-heading">
              {t('trajectory.clocks')}
            </h2>
            {state.clocks.length === 0 ? (
              <p className="utrecht-paragraph">{t('trajectory.clocksEmpty')}</p>
            ) : (
              <DataTable
                rows={state.clocks}
                rowKey={(clock) => clock.clockId}
                columns={[
                  { header: t('trajectory.clock'), rowHeader: true, cell: (clock) => clock.name },
                  { header: t('trajectory.clockStatus'), cell: (clock) => status(clock.status) },
                  { header: t('trajectory.clockStart'), cell: (clock) => date(clock.startDate) },
                  { header: t('trajectory.deadline'), cell: (clock) => date(clock.deadline) },
                  {
                    header: t('trajectory.changes'),
                    cell: (clock) =>
                      clock.changes.length === 0
                        ? '—'
                        : clock.changes.map((change) => `${date(change.on)}: ${change.kind ? status(change.kind) : ''}${change.legalBasis ? ` (${change.legalBasis})` : ''}`).join('; '),
                  },
                ]}
              />
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
