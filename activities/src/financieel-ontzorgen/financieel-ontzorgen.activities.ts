/**
 * Financieel ontzorgen (§5): with the person's consent, team Schulddienstverlening pays the fixed
 * costs directly from the benefit and reserves money for the unexpected, for 6 months; then an
 * evaluation decides: stop, a budget coach, or debt help.
 *
 *   const finance = financieelOntzorgenActivities(deps);
 *   await finance.startFinancieelOntzorgen({ ..., input: { fixedCosts: 'huur,energie,zorgverzekering' } }); // { startedOn, endsOn }
 *   await finance.stopFinancieelOntzorgen(request); // evaluation task → milestone finance.followUpDecided
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { addMonths, addWorkingDays } from '@wegwijs/calendar';
import { businessFailure } from '../shared/failures';
import { optionalBoolean, optionalString, businessDateOf } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';

/** The fixed costs paid directly when the definition names none: the usual monthly obligations. */
export const DEFAULT_DIRECTLY_PAID_FIXED_COSTS = ['huur', 'energie', 'water', 'zorgverzekering', 'gemeentelijke belastingen'] as const;

/** Six months: the period the 2019 practice used and the new law (§14) makes mandatory. */
const ONTZORGEN_MONTHS = 6;

export function financieelOntzorgenActivities(deps: WriterDependencies) {
  return {
    /**
     * Starts on the consent milestone. Input: budgetManagementConsent (must not be false) and
     * optionally fixedCosts, a comma-separated list of cost categories (no amounts: those stay
     * in the benefit administration).
     */
    async startFinancieelOntzorgen(request: ServiceTaskRequest): Promise<{ startedOn: string; endsOn: string }> {
      if (optionalBoolean(request, 'budgetManagementConsent') === false) {
        throw businessFailure('NoBudgetManagementConsent', `Trajectory ${request.trajectoryId} has no consent for budget management`);
      }
      const fixedCosts = optionalString(request, 'fixedCosts');
      const directlyPaidFixedCosts = fixedCosts
        ? fixedCosts.split(',').map((cost) => cost.trim()).filter((cost) => cost.length > 0)
        : [...DEFAULT_DIRECTLY_PAID_FIXED_COSTS];
      const startedOn = businessDateOf(request, deps.now);
      const endsOn = addMonths(startedOn, ONTZORGEN_MONTHS);
      const writer = new TrajectoryWriter(deps, request);
      await writer.record('financieelOntzorgen.started', { startedOn, endsOn, directlyPaidFixedCosts });
      return { startedOn, endsOn };
    },

    /** Ends the period and gives Schulddienstverlening the evaluation task (outcome followUp: none, budgetCoach or debtHelp). */
    async stopFinancieelOntzorgen(request: ServiceTaskRequest): Promise<{ endedOn: string; evaluationTaskId: string }> {
      const endedOn = businessDateOf(request, deps.now);
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('finance.evaluateOntzorgen', {
        title: 'Financieel ontzorgen evalueren: stoppen, budgetcoach of schuldhulp',
        assignee: { team: 'schulddienstverlening' },
        dueOn: addWorkingDays(endedOn, 10),
        completionMilestone: 'finance.followUpDecided',
      });
      await writer.record('financieelOntzorgen.ended', { endedOn, evaluationTaskId: task.taskId });
      return { endedOn, evaluationTaskId: task.taskId };
    },

    /** Asks Schulddienstverlening to link a budget coach. */
    async assignBudgetCoach(request: ServiceTaskRequest): Promise<{ taskId: string }> {
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('finance.linkBudgetCoach', {
        title: 'Budgetcoach koppelen',
        assignee: { team: 'schulddienstverlening' },
        dueOn: addWorkingDays(businessDateOf(request, deps.now), 10),
        completionMilestone: null,
      });
      await writer.record('finance.budgetCoachRequested', { taskId: task.taskId });
      return { taskId: task.taskId };
    },

    /** Asks Schulddienstverlening to start debt help. */
    async startDebtHelp(request: ServiceTaskRequest): Promise<{ taskId: string }> {
      const writer = new TrajectoryWriter(deps, request);
      const task = await writer.openTask('finance.startDebtHelp', {
        title: 'Schuldhulpverlening starten',
        assignee: { team: 'schulddienstverlening' },
        dueOn: addWorkingDays(businessDateOf(request, deps.now), 5),
        completionMilestone: null,
      });
      await writer.record('finance.debtHelpRequested', { taskId: task.taskId });
      return { taskId: task.taskId };
    },
  };
}
