import type { ActivityCapability } from '@wegwijs/definitions';
import type { WegwijsActivities } from './create-activities';

/** Activities that read no input: any input mapped to them is a typo. */
const NO_INPUTS = {} as const;
/** Activities that open a task and return its id. */
const TASK_RESULT = { taskId: { type: 'string' } } as const;

/**
 * The activities a definition's service tasks may name, for the definition validator, each with
 * the inputs it reads (shared/inputs.ts) and the fields of its result, so the validator checks a
 * node's `input` and its `result.<field>` reads. Typed against `createActivities` so that an
 * activity cannot be listed without existing, nor exist without being listed (engine activities aside).
 */
export const ACTIVITY_CAPABILITIES: Readonly<Record<Exclude<keyof WegwijsActivities, 'recordTrajectoryEvents' | 'supersedeEffects'>, ActivityCapability>> = {
  recordTrajectoryEvent: { description: "Appends the definition's own event (input eventType) to the trajectory history", inputs: { eventType: { type: 'string', required: true, description: 'e.g. intake.planned' } }, additionalInputs: true, result: { sequence: { type: 'number' } } },
  notifyKlantmanager: { description: 'E-mails the klantmanager a reminder (input message, Dutch, no personal data)', inputs: { message: { type: 'string', required: true, description: 'Dutch, no personal data' } } },
  fetchTvsProfile: {
    description: "Reads COA's TVS profile and scores it (education, work experience, reception activities, care/WMO needs); result complete, score, missingSections",
    inputs: NO_INPUTS,
    result: { complete: { type: 'boolean' }, score: { type: 'number' }, missingSections: { type: 'string' } },
  },
  requestTvsProfileFromCoa: { description: "Gives the klantmanager the task to call COA about the missing TVS sections; completing it is milestone coa.warmHandoverDone", inputs: NO_INPUTS, result: { taskId: { type: 'string' }, dueOn: { type: 'date' } } },
  openBasisOpOrdeTasks: { description: 'Opens the five basis op orde tasks for the klantmanager, with due dates; result openedTasks, lastDueOn', inputs: NO_INPUTS, result: { openedTasks: { type: 'number' }, lastDueOn: { type: 'date' } } },
  inviteToNoaAssessment: { description: "Books the NOA assessment in the person's language (interpreter when not Dutch) and sends the invitation; result bookingId, startsAt, interpreterNeeded", inputs: NO_INPUTS, result: { bookingId: { type: 'string' }, startsAt: { type: 'string' }, interpreterNeeded: { type: 'boolean' } }, errors: { NoNoaSlotAvailable: 'No assessment slot is available' } },
  rescheduleNoaAssessmentAfterNoShow: { description: 'After a no-show: rebooks the NOA assessment, or at the second no-show gives the klantmanager a task; result escalated, noShows, startsAt', inputs: NO_INPUTS, result: { escalated: { type: 'boolean' }, noShows: { type: 'number' }, startsAt: { type: 'string' } }, errors: { NoNoaAssessmentBooked: 'There is no booking to reschedule' } },
  inviteVluchtelingenwerkToFollowUpTalk: { description: 'Invites Vluchtelingenwerk to the NOA follow-up talk with klantmanager and person', inputs: NO_INPUTS, result: { invited: { type: 'boolean' } } },
  startFinancieelOntzorgen: { description: 'Starts 6 months of financieel ontzorgen (input budgetManagementConsent, fixedCosts); result startedOn, endsOn', inputs: { budgetManagementConsent: { type: 'boolean' }, fixedCosts: { type: 'string' } }, result: { startedOn: { type: 'date' }, endsOn: { type: 'date' } }, errors: { NoBudgetManagementConsent: 'The person has not consented to budget management' } },
  stopFinancieelOntzorgen: { description: 'Ends financieel ontzorgen and gives Schulddienstverlening the evaluation task (milestone finance.followUpDecided)', inputs: NO_INPUTS, result: { endedOn: { type: 'date' }, evaluationTaskId: { type: 'string' } } },
  assignBudgetCoach: { description: 'Gives Schulddienstverlening the task to link a budget coach', inputs: NO_INPUTS, result: TASK_RESULT },
  startDebtHelp: { description: 'Gives Schulddienstverlening the task to start debt help', inputs: NO_INPUTS, result: TASK_RESULT },
  warnInburgeringDeadline: {
    description: 'Warns klantmanager, person (Dutch + own language) and, with consent, the language school; at the deadline an escalation task (input clockId, kind, deadline, before, late as the legal clock passes them)',
    result: { escalated: { type: 'boolean' }, audiences: { type: 'string' } },
  },
  startMaatschappelijkeBegeleiding: { description: 'Asks Vluchtelingenwerk to start social guidance until 24 months after housing (input housingDate)', inputs: { housingDate: { type: 'date' } }, result: { startedOn: { type: 'date' }, endsOn: { type: 'date' } } },
  scheduleWarmHandoverMeeting: { description: 'Month 22: Vluchtelingenwerk plans the three-party handover meeting; all three are told (input housingDate)', inputs: { housingDate: { type: 'date' } }, result: { meetBefore: { type: 'date' }, taskId: { type: 'string' } } },
  requestWarmHandoverToWijkteam: { description: 'Month 24: records the handover and asks the wijkteam to accept within 10 working days; result acceptBy, acceptanceTaskId', result: { handedOverOn: { type: 'date' }, acceptBy: { type: 'date' }, acceptanceTaskId: { type: 'string' } } },
  referToAdviesteamOnderwijs: { description: 'Gives the klantmanager the task to book the talk with the adviesteam onderwijs', inputs: NO_INPUTS, result: TASK_RESULT },
  registerWithAanDeSlag: { description: "Gives the klantmanager the task to register the person with 'Aan de slag'", inputs: NO_INPUTS, result: TASK_RESULT },
  startTrajectKlantmanager: { description: 'Gives the klantmanager the task to set up the traject klantmanager', inputs: NO_INPUTS, result: TASK_RESULT },
  registerForIntroductionProgramme: { description: 'Gives the klantmanager the task to enrol the person in the introduction programme', inputs: NO_INPUTS, result: TASK_RESULT },
  registerForParticipatieverklaringstraject: { description: 'Gives the klantmanager the task to enrol the person in the participatieverklaringstraject', inputs: NO_INPUTS, result: TASK_RESULT },
  handOverToNewMunicipality: { description: 'After a cancellation because the person moved: the klantmanager hands the file over to the new municipality, warmly', inputs: { newMunicipality: { type: 'string', description: 'CBS code of the new municipality (GM0000), if known' } }, result: TASK_RESULT },
  registerForMindfit: { description: 'Gives the klantmanager the task to enrol the person in the Mindfit training', inputs: NO_INPUTS, result: TASK_RESULT },
  openHumanTask: {
    description: "A definition's human task: opens it in the role's worklist, due on its date, completed by milestone task.<node id> (written as kind: humanTask, not called directly)",
    inputs: {
      title: { type: 'string', required: true },
      role: { type: 'string', required: true, description: 'A built-in task role, or one the definition declares (then with its team)' },
      team: { type: 'string', description: "The worklist of a role the definition declares (the definition's roles.<id>.team)" },
      completionMilestone: { type: 'string', required: true },
      dueWithin: { type: 'duration' },
      dueOn: { type: 'date' },
      instanceNumber: { type: 'number', minimum: 1, description: "A repeated task's instance (1, 2, …): its completion reports it" },
    },
    result: { taskId: { type: 'string' }, dueOn: { type: 'date' } },
  },
  remindAboutHumanTask: {
    description: "A human task's reminder: tells the role the task is still open (written as a human task's reminders)",
    inputs: { title: { type: 'string', required: true }, role: { type: 'string', required: true }, team: { type: 'string' }, completionMilestone: { type: 'string', required: true } },
    result: { queued: { type: 'boolean' } },
  },
  escalateUnacceptedWarmHandover: { description: 'After the acceptance term: a supervisor task when the wijkteam has not accepted; result escalated', inputs: NO_INPUTS, result: { escalated: { type: 'boolean' } } },
};
