import type { ActivityCapability } from '@wegwijs/definitions';
import type { WegwijsActivities } from './create-activities';

/**
 * The activities a definition's service tasks may name, for the definition validator. Typed
 * against `createActivities` so that an activity cannot be listed without existing, nor exist
 * without being listed (engine activities aside).
 */
export const ACTIVITY_CAPABILITIES: Readonly<Record<Exclude<keyof WegwijsActivities, 'recordTrajectoryEvents' | 'supersedeEffects'>, ActivityCapability>> = {
  recordTrajectoryEvent: { description: "Appends the definition's own event (input eventType) to the trajectory history" },
  notifyKlantmanager: { description: 'E-mails the klantmanager a reminder (input message, Dutch, no personal data)' },
  fetchTvsProfile: {
    description: "Reads COA's TVS profile and scores it (education, work experience, reception activities, care/WMO needs); result complete, score, missingSections",
  },
  requestTvsProfileFromCoa: { description: "Gives the klantmanager the task to call COA about the missing TVS sections; completing it is milestone coa.warmHandoverDone" },
  openBasisOpOrdeTasks: { description: 'Opens the five basis op orde tasks for the klantmanager, with due dates; result openedTasks, lastDueOn' },
  inviteToNoaAssessment: { description: "Books the NOA assessment in the person's language (interpreter when not Dutch) and sends the invitation; result bookingId, startsAt, interpreterNeeded" },
  rescheduleNoaAssessmentAfterNoShow: { description: 'After a no-show: rebooks the NOA assessment, or at the second no-show gives the klantmanager a task; result escalated, noShows, startsAt' },
  inviteVluchtelingenwerkToFollowUpTalk: { description: 'Invites Vluchtelingenwerk to the NOA follow-up talk with klantmanager and person' },
  startFinancieelOntzorgen: { description: 'Starts 6 months of financieel ontzorgen (input budgetManagementConsent, fixedCosts); result startedOn, endsOn' },
  stopFinancieelOntzorgen: { description: 'Ends financieel ontzorgen and gives Schulddienstverlening the evaluation task (milestone finance.followUpDecided)' },
  assignBudgetCoach: { description: 'Gives Schulddienstverlening the task to link a budget coach' },
  startDebtHelp: { description: 'Gives Schulddienstverlening the task to start debt help' },
  warnInburgeringDeadline: {
    description: 'Warns klantmanager, person (Dutch + own language) and, with consent, the language school; at the deadline an escalation task (input clockId, kind, deadline, before, late as the legal clock passes them)',
  },
  startMaatschappelijkeBegeleiding: { description: 'Asks Vluchtelingenwerk to start social guidance until 24 months after housing (input housingDate)' },
  scheduleWarmHandoverMeeting: { description: 'Month 22: Vluchtelingenwerk plans the three-party handover meeting; all three are told (input housingDate)' },
  requestWarmHandoverToWijkteam: { description: 'Month 24: records the handover and asks the wijkteam to accept within 10 working days; result acceptBy, acceptanceTaskId' },
  referToAdviesteamOnderwijs: { description: 'Gives the klantmanager the task to book the talk with the adviesteam onderwijs' },
  registerWithAanDeSlag: { description: "Gives the klantmanager the task to register the person with 'Aan de slag'" },
  startTrajectKlantmanager: { description: 'Gives the klantmanager the task to set up the traject klantmanager' },
  registerForIntroductionProgramme: { description: 'Gives the klantmanager the task to enrol the person in the introduction programme' },
  registerForParticipatieverklaringstraject: { description: 'Gives the klantmanager the task to enrol the person in the participatieverklaringstraject' },
  handOverToNewMunicipality: { description: 'After a cancellation because the person moved: the klantmanager hands the file over to the new municipality, warmly' },
  registerForMindfit: { description: 'Gives the klantmanager the task to enrol the person in the Mindfit training' },
  escalateUnacceptedWarmHandover: { description: 'After the acceptance term: a supervisor task when the wijkteam has not accepted; result escalated' },
};
