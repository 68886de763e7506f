/**
 * Every activity and milestone the Haarlem trajectory (v1.yaml) uses, with one line each. The
 * activities are implemented in activities/ and the milestones signalled through the API; until
 * their registries are exported from there, this is the registry the Haarlem definition is
 * validated against.
 *
 *   validateDefinitionSource(readFileSync('definitions/haarlem-statushouders/v1.yaml', 'utf8'), haarlemCapabilities);
 */
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
    warnInburgeringDeadline: { description: 'Warns client manager (and the person, in plain Dutch and own language) that the inburgering term nears or ended' },
  },
  milestones: {
    'coa.warmHandoverDone': { description: 'COA and the client manager had the phone handover', roles: ['klantmanager'] },
    'basis.livingAllowanceArranged': { description: 'Living allowance (bijstand) applied for', roles: ['klantmanager'] },
    'basis.furnishingAllowanceArranged': { description: 'Special assistance for furnishing costs applied for', roles: ['klantmanager'] },
    'basis.languageSchoolConsentRecorded': {
      description: 'The person answered the request for data exchange with language schools',
      roles: ['klantmanager'],
      payload: { consent: 'boolean' },
    },
    'basis.budgetManagementConsentRecorded': {
      description: 'The person answered the request for voluntary budget management',
      roles: ['klantmanager'],
      payload: { consent: 'boolean' },
    },
    'finance.followUpDecided': {
      description: 'After financieel ontzorgen: none, budget coach or debt help',
      roles: ['klantmanager', 'schulddienstverlening'],
      payload: { followUp: 'string' },
    },
    'intake.noaAssessmentDone': { description: 'The NOA assessment (or its needed modules) was taken', roles: ['klantmanager'] },
    'intake.noaNoShow': { description: 'The person did not come to the NOA assessment', roles: ['klantmanager'] },
    'intake.followUpTalkHeld': { description: 'Client manager, Vluchtelingenwerk and the person discussed the assessment', roles: ['klantmanager', 'vluchtelingenwerk'] },
    'intake.planAgreed': { description: 'The plan van aanpak is agreed; payload.route is werk, onderwijs or klantmanager', roles: ['klantmanager'], payload: { route: 'string' } },
    'intake.planRevised': { description: 'The client manager revised the plan van aanpak (new route)', roles: ['klantmanager'], payload: { route: 'string' } },
    'work.aanDeSlagTrajectoryStarted': { description: "'Aan de slag' took the person into its trajectory with a fixed coach", roles: ['klantmanager'] },
    'work.trainingStarted': { description: "The person started training (scholing) within 'Aan de slag'", roles: ['klantmanager'] },
    'work.internshipStarted': { description: "The person started an internship or work-experience place within 'Aan de slag'", roles: ['klantmanager'] },
    'work.paidWorkStarted': { description: 'The person started paid work; payload.hours is partTime or fullTime', roles: ['klantmanager'], payload: { hours: 'string' } },
    'work.paidWorkEnded': { description: 'The paid work ended (for the sustainable-work figure)', roles: ['klantmanager'] },
    'work.aanDeSlagTrajectoryEnded': { description: "The trajectory at 'Aan de slag' ended", roles: ['klantmanager'] },
    'work.terugmelding': { description: "'Aan de slag' handed the person back to the client manager (mostly health)", roles: ['klantmanager'] },
    'education.adviceGiven': {
      description: 'The adviesteam onderwijs advised: voorschakeltraject, voorschakeltrajectZorg or uaf',
      roles: ['klantmanager'],
      payload: { advice: 'string' },
    },
    'education.bridgingProgrammeStarted': { description: 'The person started a voorschakeltraject (or its care variant) at Nova College', roles: ['klantmanager'] },
    'education.uafStudyStarted': { description: 'The person started a study with UAF support (study financing replaces the benefit)', roles: ['klantmanager'] },
    'introduction.programmeCompleted': { description: 'The 5-week introduction programme is finished', roles: ['klantmanager'] },
    'participatieverklaring.completed': { description: 'The participation-statement programme is finished and the statement signed', roles: ['klantmanager'] },
    'mindfit.completed': { description: 'The Mindfit training is finished', roles: ['klantmanager'] },
    'guidance.warmHandoverToWijkteamDone': {
      description: 'Vluchtelingenwerk handed the person over to the Sociaal Wijkteam in person',
      roles: ['vluchtelingenwerk', 'wijkteam', 'klantmanager'],
    },
    'inburgering.extensionGranted': { description: 'DUO extended the inburgering term; payload.extension is an ISO duration', roles: ['klantmanager'], payload: { extension: 'string' } },
    'inburgering.exemptionGranted': { description: 'DUO exempted the person from the inburgering obligation', roles: ['klantmanager'] },
    'inburgering.diplomaObtained': { description: 'The person passed the inburgering exam', roles: ['klantmanager'] },
  },
};
