/**
 * Mijn taken and the team's tasks: the open tasks assigned to me, and those of a team (my own;
 * supervisors choose any team), earliest due first. A task is completed here with the day it was
 * done and — when it stands for a milestone whose payload asks answers — those answers, generated
 * from the payload the trajectory expects; a refusal stands at its field. A task can also be
 * passed on to another team, or to one person in it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { SecondaryActionButton } from '@utrecht/button-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PersonTask } from '../api/views';
import { useAuth } from '../auth';
import { formatDate } from '../i18n';
import { DataTable } from '../components/DataTable';
import { TrajectoryLink } from '../components/TrajectoryLink';
import { ActionForm, type ActionField } from './ActionForm';
import { ChoiceField, typedValues } from './fields';
import { QueryProblem } from './QueryProblem';
import { fetchTrajectory, trajectoryQueryKey } from './TrajectoryPage';

const TEAMS = ['klantmanagers', 'supervisors', 'vluchtelingenwerk', 'wijkteam', 'schulddienstverlening'] as const;
type Team = (typeof TEAMS)[number];
const TEAM_OF_ROLE: Record<string, Team> = { klantmanager: 'klantmanagers', supervisor: 'supervisors', vluchtelingenwerk: 'vluchtelingenwerk', wijkteam: 'wijkteam', schulddienstverlening: 'schulddienstverlening' };

async function fetchMine(): Promise<PersonTask[]> {
  const { data, error, response } = await api.GET('/tasks/mine');
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as PersonTask[];
}

async function fetchTeam(team: Team): Promise<PersonTask[]> {
  const { data, error, response } = await api.GET('/tasks/teams/{team}', { params: { path: { team } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as PersonTask[];
}

export function TasksPage() {
  const { t } = useTranslation();
  const { state } = useAuth();
  const role = state.status === 'signedIn' ? state.user.role : '';
  const [team, setTeam] = useState<Team>(TEAM_OF_ROLE[role] ?? 'klantmanagers');
  const mine = useQuery({ queryKey: ['tasks', 'mine'], queryFn: fetchMine });
  const teamTasks = useQuery({ queryKey: ['tasks', 'team', team], queryFn: () => fetchTeam(team) });
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
          {t('tasks.team', { team: t(`tasks.teams.${team}`) })}
        </h2>
        {role === 'supervisor' && (
          <ChoiceField
            id="tasks-team"
            field={{ name: 'team', type: 'string', required: true, description: t('tasks.chooseTeam') }}
            choices={TEAMS.map((choice) => [choice, t(`tasks.teams.${choice}`)] as const)}
            value={team}
            onChange={(value) => setTeam(value as Team)}
          />
        )}
        <QueryProblem query={teamTasks} />
        {teamTasks.data && <TaskTable tasks={teamTasks.data} caption={t('tasks.teamCaption', { count: teamTasks.data.length })} onComplete={setCompleting} />}
      </section>
    </>
  );
}

function TaskTable({ tasks, caption, onComplete }: { tasks: readonly PersonTask[]; caption: string; onComplete: (task: PersonTask) => void }) {
  const { t, i18n } = useTranslation();
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
          cell: (task) => <TrajectoryLink trajectoryId={task.trajectoryId} />,
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
  const trajectory = useQuery({ queryKey: trajectoryQueryKey(task.trajectoryId), queryFn: () => fetchTrajectory(task.trajectoryId), enabled: task.completionMilestone !== null });
  const asked = trajectory.data?.state.expectedMilestones.find((expected) => expected.milestone === task.completionMilestone)?.payload ?? [];
  const ready = task.completionMilestone === null || trajectory.isSuccess;

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
      <ActionForm
        title={t('tasks.reassignTitle')}
        submitLabel={t('tasks.reassign')}
        fields={[
          { name: 'team', declared: { name: 'team', type: 'string', required: true, values: TEAMS, description: t('tasks.chooseTeam') } },
          { name: 'userId', label: t('tasks.userId'), description: t('tasks.userIdHint'), type: 'text' },
        ]}
        initialValues={{ team: task.assignee.team }}
        send={(values) =>
          api.POST('/tasks/{taskId}/reassign', {
            params: { path: { taskId: task.taskId } },
            body: { team: (values.team ?? task.assignee.team) as Team, ...(values.userId ? { userId: values.userId } : {}) },
          })
        }
        onDone={async () => {
          await queryClient.invalidateQueries({ queryKey: ['tasks'] });
          onReassigned(task.title);
        }}
      />
      <SecondaryActionButton onClick={onClose}>{t('tasks.close')}</SecondaryActionButton>
    </section>
  );
}
