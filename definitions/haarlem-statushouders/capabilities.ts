/**
 * Every activity and milestone the Haarlem trajectory (v1.yaml) uses, with one line each. The
 * activities are implemented in activities/ and the milestones signalled through the API; until
 * their registries are exported from there, this is the registry the Haarlem definition is
 * validated against.
 *
 *   validateDefinitionSource(readFileSync('definitions/haarlem-statushouders/v1.yaml', 'utf8'), haarlemCapabilities);
 */
import { HAARLEM_MILESTONES } from '@wegwijs/domain';
import type { CapabilityRegistry } from '../src/validate/capability-registry';

export const haarlemCapabilities: CapabilityRegistry = {
  activities: {
    recordTrajectoryEvent: { description: 'Appends a named event (eventType) to the trajectory history, for the reports' },
    fetchTvsProfile: { description: "Reads the person's TVS profile (Taakstelling Volg Systeem) from COA; result.complete says if it is usable" },
    requestTvsProfileFromCoa: { description: 'Asks COA to complete the TVS profile (the municipality chases COA proactively, §4)' },
    notifyKlantmanager: { description: 'Puts a task or reminder (message) in the client manager\'s work list' },
    inviteToNoaAssessment: { description: 'Sends the invitation for the NOA assessment, taken in the person\'s own language' },
    startFinancieelOntzorgen: { description: 'Team Schulddienstverlening starts paying fixed costs from the benefit and reserving money' },
    stopFinancieelOntzorgen: { description: 'Ends the financieel ontzorgen period and hands the person their own payments back' },
    assignBudgetCoach: { description: 'Links a budget coach (coaching towards lasting financial self-reliance)' },
    startDebtHelp: { description: 'Starts schuldhulpverlening for a problematic debt situation' },
    referToAdviesteamOnderwijs: { description: 'Books the talk with the adviesteam onderwijs (RMC, Leerplein, Nova College)' },
    registerWithAanDeSlag: { description: "Registers the person with the re-integration project 'Aan de slag' (VWN, Pasmatch, Agros)" },
    startTrajectKlantmanager: { description: 'Records that the client manager guides the person directly (not yet ready for work or education)' },
    registerForIntroductionProgramme: { description: 'Enrols the person in the next 5-week introduction programme (4 mornings a week)' },
    registerForParticipatieverklaringstraject: { description: 'Enrols the person in the mandatory participation-statement programme' },
    registerForMindfit: { description: 'Enrols the person in the preventive Mindfit training' },
    startMaatschappelijkeBegeleiding: { description: 'Asks Vluchtelingenwerk to start social guidance (until 24 months after housing)' },
    requestWarmHandoverToWijkteam: { description: 'Asks Vluchtelingenwerk and the Sociaal Wijkteam to plan their warm handover' },
    openBasisOpOrdeTasks: { description: "Puts the five basis-op-orde arrangements in the client manager's work list, with due dates" },
    rescheduleNoaAssessmentAfterNoShow: { description: 'Books a new NOA slot after a no-show; escalates to the client manager after the second' },
    inviteVluchtelingenwerkToFollowUpTalk: { description: 'Invites Vluchtelingenwerk to the follow-up talk of the NOA assessment' },
    scheduleWarmHandoverMeeting: { description: 'Month 22: plans the warm-handover meeting of Vluchtelingenwerk, the Sociaal Wijkteam and the person' },
    escalateUnacceptedWarmHandover: { description: 'Gives the supervisor a task when the wijkteam did not accept the handover within 10 working days' },
    handOverToNewMunicipality: { description: 'After a cancellation because the person moved: the warm handover to the new municipality' },
    warnInburgeringDeadline: { description: 'Warns client manager (and the person, in plain Dutch and own language) that the inburgering term nears or ended' },
  },
  milestones: HAARLEM_MILESTONES,
};
