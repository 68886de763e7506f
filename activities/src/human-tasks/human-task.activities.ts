/**
 * The activities behind a definition's generic human task (definitions/src/compile/expand-human-tasks.ts):
 * open the task in the worklist of the role it is for, due on its date and completed by the
 * milestone `task.<node id>` (whose payload is the task's outcome form); and remind the assignee
 * while it is open. The title comes from the definition, so it holds no personal data.
 *
 *   await openHumanTask({ ..., input: { title: 'Evalueer het traject', role: 'klantmanager', completionMilestone: 'task.evaluation', dueWithin: 'P2W' } });
 */
import { addToDate } from '@wegwijs/calendar';
import { isRoleId, teamOfRole, type NotificationAudience, type ServiceTaskRequest, type TaskAssignee } from '@wegwijs/domain';
import { klantmanagerAssignee } from '../shared/assignees';
import type { CaseTeamDirectory } from '../shared/case-team-directory';
import { businessFailure } from '../shared/failures';
import { businessDateOf, optionalDate, optionalString, requiredString } from '../shared/inputs';
import { TrajectoryWriter, type WriterDependencies } from '../shared/trajectory-writer';

/**
 * Who hears a reminder: the role itself where it has a mailbox, else the klantmanager who holds
 * regie (declared roles have no mailbox directory yet; their team sees the task in its worklist).
 */
const AUDIENCE_OF_ROLE: Readonly<Record<string, NotificationAudience>> = { klantmanager: 'klantmanager', vluchtelingenwerk: 'vluchtelingenwerk', wijkteam: 'wijkteam', supervisor: 'supervisor' };

/** A repeated human task's instance (input instanceNumber, the engine's loopCounter), kept with the task so its completion can name it. */
function instanceOf(request: ServiceTaskRequest): { instanceNumber?: number } {
  const instance = request.input.instanceNumber;
  if (instance === undefined || instance === null) return {};
  if (typeof instance !== 'number' || !Number.isInteger(instance) || instance < 1) {
    throw businessFailure('InvalidActivityInput', `Node ${request.nodeId} must pass input instanceNumber as a whole number from 1`);
  }
  return { instanceNumber: instance };
}

export function humanTaskActivities(deps: WriterDependencies & { readonly caseTeam: CaseTeamDirectory }) {
  /**
   * The klantmanager's tasks go to the trajectory's own klantmanager, a built-in role's to its team,
   * and a role the definition declares to the team the definition names (input team).
   */
  async function assigneeFor(request: ServiceTaskRequest, role: string): Promise<TaskAssignee> {
    if (role === 'klantmanager') return klantmanagerAssignee(deps.caseTeam, request.trajectoryId);
    const team = teamOfRole(role) ?? optionalString(request, 'team');
    if (!team || !isRoleId(team)) {
      throw businessFailure('InvalidActivityInput', `Node ${request.nodeId} must pass input role as a built-in task role, or a declared role with its team`);
    }
    return { team };
  }

  return {
    /**
     * Opens the task; input title, role (with team for a declared role), completionMilestone, dueWithin
     * (a duration from the step's business date) or dueOn (a date), and instanceNumber for a repeated task.
     */
    async openHumanTask(request: ServiceTaskRequest): Promise<{ taskId: string; dueOn: string }> {
      const within = optionalString(request, 'dueWithin');
      const dueOn = within !== undefined ? addToDate(businessDateOf(request, deps.now), within) : optionalDate(request, 'dueOn') ?? businessDateOf(request, deps.now);
      const task = await new TrajectoryWriter(deps, request).openTask(`humanTask.${request.nodeId}`, {
        title: requiredString(request, 'title'),
        assignee: await assigneeFor(request, requiredString(request, 'role')),
        dueOn,
        completionMilestone: requiredString(request, 'completionMilestone'),
        ...instanceOf(request),
      });
      return { taskId: task.taskId, dueOn };
    },

    /** Reminds the role (by e-mail through the outbox) that the task is still open; input title, role, completionMilestone. */
    async remindAboutHumanTask(request: ServiceTaskRequest): Promise<{ queued: boolean }> {
      const title = requiredString(request, 'title');
      const role = requiredString(request, 'role');
      await new TrajectoryWriter(deps, request).recordWithNotifications('klantmanager.notified', { messageKind: request.nodeId }, [
        {
          audience: AUDIENCE_OF_ROLE[role] ?? 'klantmanager',
          language: 'nl',
          subject: `Wegwijs: herinnering — ${title} (traject ${request.trajectoryId})`,
          body: `De taak "${title}" staat nog open.\n\nTraject: ${request.trajectoryId}\nAf te ronden met: ${requiredString(request, 'completionMilestone')}`,
        },
      ]);
      return { queued: true };
    },
  };
}
