/**
 * The milestones people and partner systems can report, by programme, each with its typed payload.
 * The definition validator checks definitions against them (a definition may only wait for
 * milestones listed here, with at most these roles, and read only declared payload fields), the
 * workflow's Update validator checks every report against the payload, and the API's OpenAPI
 * document describes it from here.
 */
import type { MilestonePayloadSchema, PayloadFieldSchema } from './milestone-payloads';

export interface MilestoneDescription {
  readonly description: string;
  readonly roles?: readonly string[];
  /** The fields a report may carry; a milestone without it carries none. */
  readonly payload?: MilestonePayloadSchema;
}

/** The provision a legal decision rests on, e.g. "Wi2021 art. 7 lid 2" (no personal data). */
const LEGAL_BASIS: PayloadFieldSchema = { type: 'string', minLength: 3, maxLength: 200, description: 'The provision the decision rests on, e.g. Wi2021 art. 7 lid 2' };

/** The route chosen in the plan van aanpak. */
const ROUTE: PayloadFieldSchema = { type: 'string', required: true, values: ['werk', 'onderwijs', 'klantmanager'], description: 'werk, onderwijs or klantmanager' };

/** The walking skeleton's single milestone (definitions/walking-skeleton). */
export const WALKING_SKELETON_MILESTONES: Readonly<Record<string, MilestoneDescription>> = {
  'intake.completed': { description: 'The brede intake is done', roles: ['klantmanager'] },
};

/** The Haarlem programme (2019), definitions/haarlem-statushouders, every version. */
export const HAARLEM_MILESTONES: Readonly<Record<string, MilestoneDescription>> = {
  'coa.warmHandoverDone': { description: 'COA and the client manager had the phone handover', roles: ['klantmanager'] },
  'basis.livingAllowanceArranged': { description: 'Living allowance (bijstand) applied for', roles: ['klantmanager'] },
  'basis.furnishingAllowanceArranged': { description: 'Special assistance for furnishing costs applied for', roles: ['klantmanager'] },
  'basis.languageSchoolConsentRecorded': {
    description: 'The person answered the request for data exchange with language schools',
    roles: ['klantmanager'],
    payload: { consent: { type: 'boolean', required: true, description: 'Whether the person consented' } },
  },
  'basis.budgetManagementConsentRecorded': {
    description: 'The person answered the request for voluntary budget management',
    roles: ['klantmanager'],
    payload: { consent: { type: 'boolean', required: true, description: 'Whether the person consented' } },
  },
  'finance.followUpDecided': {
    description: 'After financieel ontzorgen: none, budget coach or debt help',
    roles: ['klantmanager', 'schulddienstverlening'],
    payload: { followUp: { type: 'string', required: true, values: ['none', 'budgetCoach', 'debtHelp'] } },
  },
  'intake.noaAssessmentDone': { description: 'The NOA assessment (or its needed modules) was taken', roles: ['klantmanager'] },
  'intake.noaNoShow': { description: 'The person did not come to the NOA assessment; it is booked again (escalation after the second time)', roles: ['klantmanager'] },
  'intake.followUpTalkHeld': { description: 'Client manager, Vluchtelingenwerk and the person discussed the assessment', roles: ['klantmanager', 'vluchtelingenwerk'] },
  'intake.planAgreed': { description: 'The plan van aanpak is agreed; payload.route is werk, onderwijs or klantmanager', roles: ['klantmanager'], payload: { route: ROUTE } },
  'intake.planRevised': { description: 'The client manager revised the plan van aanpak (new route)', roles: ['klantmanager'], payload: { route: ROUTE } },
  'work.aanDeSlagTrajectoryStarted': { description: "'Aan de slag' took the person into its trajectory with a fixed coach", roles: ['klantmanager'] },
  'work.trainingStarted': { description: "The person started training (scholing) within 'Aan de slag'", roles: ['klantmanager'] },
  'work.internshipStarted': { description: "The person started an internship or work-experience place within 'Aan de slag'", roles: ['klantmanager'] },
  'work.paidWorkStarted': { description: 'The person started paid work; payload.hours is partTime or fullTime', roles: ['klantmanager'], payload: { hours: { type: 'string', required: true, values: ['partTime', 'fullTime'] } } },
  'work.paidWorkEnded': { description: 'The paid work ended (for the sustainable-work figure)', roles: ['klantmanager'] },
  'work.aanDeSlagTrajectoryEnded': { description: "The trajectory at 'Aan de slag' ended", roles: ['klantmanager'] },
  'work.terugmelding': { description: "'Aan de slag' handed the person back to the client manager (mostly health)", roles: ['klantmanager'] },
  'education.adviceGiven': {
    description: 'The adviesteam onderwijs advised: voorschakeltraject, voorschakeltrajectZorg or uaf',
    roles: ['klantmanager'],
    payload: { advice: { type: 'string', required: true, values: ['voorschakeltraject', 'voorschakeltrajectZorg', 'uaf'] } },
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
  'inburgering.extensionGranted': { description: 'DUO extended the inburgering term; payload.extension is an ISO duration', roles: ['klantmanager'], payload: { extension: { type: 'duration', required: true, description: 'How much longer the term runs, e.g. P6M' }, legalBasis: LEGAL_BASIS } },
  'inburgering.exemptionGranted': { description: 'DUO exempted the person from the inburgering obligation', roles: ['klantmanager'], payload: { legalBasis: LEGAL_BASIS } },
  'inburgering.diplomaObtained': { description: 'The person passed the inburgering exam', roles: ['klantmanager'] },
};

/**
 * Milestones that make the inburgering term stand still and run again (`suspendOn`/`resumeOn` of a
 * legal clock). No Haarlem version uses them; a version published through the API may. The API's
 * clock endpoints report them with the provision the change rests on.
 */
export const INBURGERING_TERM_MILESTONES: Readonly<Record<string, MilestoneDescription>> = {
  'inburgering.suspended': {
    description: 'The inburgering term stands still from this day (a period DUO does not count); payload.legalBasis names the provision',
    roles: ['klantmanager'],
    payload: { legalBasis: { ...LEGAL_BASIS, required: true } },
  },
  'inburgering.resumed': {
    description: 'The inburgering term runs again; its deadline moves by the days it stood still',
    roles: ['klantmanager'],
    payload: { legalBasis: { ...LEGAL_BASIS, required: true } },
  },
};

/** Every milestone Wegwijs accepts. */
export const MILESTONE_CAPABILITIES: Readonly<Record<string, MilestoneDescription>> = {
  ...WALKING_SKELETON_MILESTONES,
  ...HAARLEM_MILESTONES,
  ...INBURGERING_TERM_MILESTONES,
};
