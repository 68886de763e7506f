/**
 * Mijn taken and the team's tasks: the open tasks assigned to me, and those of a team (my own;
 * supervisors choose any team), earliest due first. A task is completed here with the day it was
 * done and — when it stands for a milestone whose payload asks answers — those answers, generated
 * from the payload the trajectory expects; a refusal stands at its field. A task can also be
 * passed on to another team, or to one person in it.
 *
 * Partners and roles a definition declares (a job coach) do tasks but may not read trajectories:
 * their own team comes from the capability catalogue (GET /capabilities, which lists every role
 * with its team), and so do the answers a task asks (the milestone's payload schema there).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SecondaryActionButton } from '@utrecht/button-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PayloadField, PersonTask } from '../api/views';
import { useAuth } from '../auth';
import { formatDate } from '../i18n';
import { DataTable } from '../components/DataTable';
import { TrajectoryLink } from '../components/TrajectoryLink';
import { ActionForm, type ActionField } from './ActionForm';
import { ChoiceField, typedValues } from './fields';
import { QueryProblem } from './QueryProblem';
import { fetchTrajectory, trajectoryQueryKey } from './TrajectoryPage';

/** Who may read a trajectory (GET /trajectories/{id}) and pass tasks on (POST /tasks/{id}/reassign), as the API allows it. */
const READS_TRAJECTORIES = ['klantmanager', 'supervisor', 'admin'];
const PASSES_TASKS_ON = ['klantmanager', 'supervisor', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening'];

interface Capabilities {
  readonly roles: ReadonlyArray<{ readonly name: string; readonly team: string | null }>;
  readonly milestones: ReadonlyArray<{ readonly name: string; readonly payload: PayloadSchema }>;
}
interface PayloadSchema {
  readonly properties?: Readonly<Record<string, { readonly type?: string; readonly format?: string; readonly enum?: readonly string[]; readonly description?: string }>>;
  readonly required?: readonly string[];
}

async function fetchCapabilities(): Promise<Capabilities> {
  const { data, error, response } = await api.GET('/capabilities');
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as Capabilities;
}

const useCapabilities = () => useQuery({ queryKey: ['capabilities'], queryFn: fetchCapabilities, staleTime: 5 * 60_000 });

/** Every team there is: the built-in roles' and those of the roles published definitions declare. */
const teamsOf = (capabilities: Capabilities | undefined): string[] => [...new Set((capabilities?.roles ?? []).flatMap((role) => (role.team ? [role.team] : [])))];

/**
 * The answers a milestone asks, from its payload schema in the catalogue; undefined when no
 * definition declares it, or two declare it differently (then only the trajectory could tell).
 */
export function askedInCatalogue(capabilities: Capabilities, milestone: string): PayloadField[] | undefined {
  const listings = capabilities.milestones.filter((listing) => listing.name === milestone);
  if (listings.length === 0 || new Set(listings.map((listing) => JSON.stringify(listing.payload))).size > 1) return undefined;
  const { properties = {}, required = [] } = listings[0].payload;
  return Object.entries(properties).map(([name, property]) => ({
    name,
    required: required.includes(name),
    type: property.type === 'boolean' ? 'boolean' : property.type === 'number' ? 'number' : property.format === 'date' ? 'date' : property.format === 'duration' ? 'duration' : 'string',
    ...(property.enum ? { values: property.enum } : {}),
    ...(property.description ? { description: property.description } : {}),
  }));
}

async function fetchMine(): Promise<PersonTask[]> {
  const { data, error, response } = await api.GET('/tasks/mine');
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as PersonTask[];
}

async function fetchTeam(team: string): Promise<PersonTask[]> {
  const { data, error, response } = await api.GET('/tasks/teams/{team}', { params: { path: { team } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as PersonTask[];
}

export function TasksPage() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const role = state.status === 'signedIn' ? state.user.role : '';
  const capabilities = useCapabilities();
  const [chosenTeam, setTeam] = useState<string>();
  const team = chosenTeam ?? capabilities.data?.roles.find((entry) => entry.name === role)?.team ?? undefined;
  const mine = useQuery({ queryKey: ['tasks', 'mine'], queryFn: fetchMine });
  const teamTasks = useQuery({ queryKey: ['tasks', 'team', team], queryFn: () => fetchTeam(team!), enabled: team !== undefined });
  const teamName = (name: string) => t(`tasks.teams.${name}`, { defaultValue: name });
  const [completing, setCompleting] = useState<PersonTask>();
  const [done, setDone] = useState<string>();

  return (
    <>
      <h1 className="utrecht-heading-1">{t('tasks.title')}</h1>
      <div role="status">
        {done && (
          <div className="utrecht-alert utrecht-alert--ok">
            <p className="utrecht-paragraph">{done}</p>
          </div>
        )}
      </div>
      {completing && (
        <CompleteTask
          task={completing}
          onClose={() => setCompleting(undefined)}
          onCompleted={(title) => {
            setCompleting(undefined);
            setDone(t('tasks.completed', { title }));
          }}
          onReassigned={(title) => {
            setCompleting(undefined);
            setDone(t('tasks.reassigned', { title }));
          }}
        />
      )}
      <section className="wegwijs-section" aria-labelledby="mine-heading">
        <h2 className="utrecht-heading-2" id="mine-heading">
          {t('tasks.mine')}
        </h2>
        <QueryProblem query={mine} />
        {mine.data && <TaskTable tasks={mine.data} caption={t('tasks.mineCaption', { count: mine.data.length })} onComplete={setCompleting} />}
      </section>
      <section className="wegwijs-section" aria-labelledby="team-heading">
        <h2 className="utrecht-heading-2" id="team-heading">
          {t('tasks.team', { team: team ? teamName(team) : '…' })}
        </h2>
        {role === 'supervisor' && (
          <ChoiceField
            id="tasks-team"
            field={{ name: 'team', type: 'string', required: true, description: t('tasks.chooseTeam') }}
            choices={teamsOf(capabilities.data).map((choice) => [choice, teamName(choice)] as const)}
            value={team ?? ''}
            onChange={setTeam}
          />
        )}
        <QueryProblem query={capabilities} />
        <QueryProblem query={teamTasks} />
        {teamTasks.data && <TaskTable tasks={teamTasks.data} caption={t('tasks.teamCaption', { count: teamTasks.data.length })} onComplete={setCompleting} />}
      </section>
    </>
  );
}

function TaskTable({ tasks, caption, onComplete }: { tasks: readonly PersonTask[]; caption: string; onComplete: (task: PersonTask) => void }) {
  const { t, i18n } = useTranslation();
  const { state } = useAuth();
  const readsTrajectories = state.status === 'signedIn' && READS_TRAJECTORIES.includes(state.user.role);
  if (tasks.length === 0) return <p className="utrecht-paragraph">{t('tasks.empty')}</p>;
  return (
    <DataTable
      caption={caption}
      rows={tasks}
      rowKey={(task) => task.taskId}
      columns={[
        { header: t('tasks.task'), rowHeader: true, cell: (task) => task.title },
        {
          header: t('caseload.trajectory'),
          cell: (task) => (readsTrajectories ? <TrajectoryLink trajectoryId={task.trajectoryId} /> : task.trajectoryId),
        },
        { header: t('tasks.due'), cell: (task) => formatDate(task.dueOn, i18n.language) },
        { header: t('tasks.assignee'), cell: (task) => task.assignee.userId ?? t(`tasks.teams.${task.assignee.team}`, { defaultValue: task.assignee.team }) },
        {
          header: t('tasks.action'),
          cell: (task) => (
            <SecondaryActionButton onClick={() => onComplete(task)} aria-label={t('tasks.completeLabel', { title: task.title, id: task.trajectoryId })}>
              {t('tasks.complete')}
            </SecondaryActionButton>
          ),
        },
      ]}
    />
  );
}

/** The completion form — the day it was done, and the answers the task's milestone asks, as the trajectory declares them — and the form to pass the task on. */
function CompleteTask({ task, onClose, onCompleted, onReassigned }: { task: PersonTask; onClose: () => void; onCompleted: (title: string) => void; onReassigned: (title: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const region = useRef<HTMLElement>(null);
  const { state } = useAuth();
  const role = state.status === 'signedIn' ? state.user.role : '';
  const readsTrajectory = READS_TRAJECTORIES.includes(role);
  // The answers the task's milestone asks: as the trajectory expects them, or else from the catalogue.
  const trajectory = useQuery({ queryKey: trajectoryQueryKey(task.trajectoryId), queryFn: () => fetchTrajectory(task.trajectoryId), enabled: task.completionMilestone !== null && readsTrajectory });
  const capabilities = useCapabilities();
  const fromCatalogue = !readsTrajectory && task.completionMilestone !== null && capabilities.data ? askedInCatalogue(capabilities.data, task.completionMilestone) : undefined;
  const asked = (readsTrajectory ? trajectory.data?.state.expectedMilestones.find((expected) => expected.milestone === task.completionMilestone)?.payload : fromCatalogue) ?? [];
  const ready = task.completionMilestone === null || (readsTrajectory ? trajectory.isSuccess : fromCatalogue !== undefined);
  const formUnknown = !readsTrajectory && task.completionMilestone !== null && capabilities.isSuccess && fromCatalogue === undefined;

  // The keyboard follows the user to the form they opened.
  useEffect(() => region.current?.focus(), [task.taskId]);

  const fields: ActionField[] = [
    { name: 'completedOn', label: t('tasks.completedOn'), description: t('tasks.completedOnHint'), type: 'date' },
    ...asked.map((field) => ({ name: field.name, declared: field })),
  ];
  return (
    <section className="wegwijs-section" aria-labelledby="complete-heading" ref={region} tabIndex={-1}>
      <h2 className="utrecht-heading-2" id="complete-heading">
        {t('tasks.completeTitle', { title: task.title })}
      </h2>
      <QueryProblem query={trajectory} />
      <QueryProblem query={capabilities} />
      {formUnknown && <p className="utrecht-paragraph">{t('tasks.formUnknown')}</p>}
      {ready && (
        <ActionForm
          title={task.trajectoryId}
          submitLabel={t('tasks.complete')}
          fields={fields}
          fieldOf={(field) => (field === 'occurredOn' ? 'completedOn' : field.replace(/^(payload|outcome)\./, ''))}
          send={(values) =>
            api.POST('/tasks/{taskId}/complete', {
              params: { path: { taskId: task.taskId } },
              body: { ...(values.completedOn ? { completedOn: values.completedOn } : {}), ...(asked.length > 0 ? { outcome: typedValues(asked, values) } : {}) },
            })
          }
          onDone={async () => {
            await queryClient.invalidateQueries({ queryKey: ['tasks'] });
            await queryClient.invalidateQueries({ queryKey: trajectoryQueryKey(task.trajectoryId) });
            onCompleted(task.title);
          }}
        />
      )}
      {PASSES_TASKS_ON.includes(role) && (
      <ActionForm
        title={t('tasks.reassignTitle')}
        submitLabel={t('tasks.reassign')}
        fields={[
          { name: 'team', declared: { name: 'team', type: 'string', required: true, values: teamsOf(capabilities.data), description: t('tasks.chooseTeam') } },
          { name: 'userId', label: t('tasks.userId'), description: t('tasks.userIdHint'), type: 'text' },
        ]}
        initialValues={{ team: task.assignee.team }}
        send={(values) =>
          api.POST('/tasks/{taskId}/reassign', {
            params: { path: { taskId: task.taskId } },
            body: { team: values.team ?? task.assignee.team, ...(values.userId ? { userId: values.userId } : {}) },
          })
        }
        onDone={async () => {
          await queryClient.invalidateQueries({ queryKey: ['tasks'] });
          onReassigned(task.title);
        }}
      />
      )}
      <SecondaryActionButton onClick={onClose}>{t('tasks.close')}</SecondaryActionButton>
    </section>
  );
}
