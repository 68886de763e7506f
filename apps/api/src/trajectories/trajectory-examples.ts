/** Examples of trajectory answers, for the OpenAPI description. */
export const TRAJECTORY_ID_EXAMPLE = 'GM0392.HLM-2019-0042';
export const TRAJECTORY_PATH_EXAMPLE = `/trajectories/${TRAJECTORY_ID_EXAMPLE}`;

/** Haarlem's newest version, the one a start runs (contentHash as published). */
const DEFINITION_EXAMPLE = { key: 'haarlem-statushouders', version: 5, contentHash: 'sha256:1a5167ba98d854c5cddd2e097bbb91115414b3d26657f69d9f1c83051dc9abf4' };

/**
 * What the state query and every accepted change answer with: a case housed on 31 August 2019,
 * on 12 September 2019, its basis op orde arranged — as the engine derives it (trimmed to a few
 * entries per list). Business dates are YYYY-MM-DD; `knownSince` and `recordedAt` are instants.
 */
export const STATE_EXAMPLE = {
  trajectoryId: TRAJECTORY_ID_EXAMPLE,
  municipality: 'GM0392',
  definition: DEFINITION_EXAMPLE,
  status: 'running',
  startedAt: '2019-09-02T12:03:00.000Z',
  endedAt: null,
  startOn: '2019-08-31',
  endedOn: null,
  closesOn: null,
  activeNodes: [
    { nodeId: 'noaAssessment', kind: 'milestoneWait', name: 'NOA-assessment afgenomen', since: '2019-09-10', knownSince: '2019-09-10T12:03:00.000Z', waitingFor: 'milestone' },
    { nodeId: 'ontzorgenPeriod', kind: 'timer', name: '6 maanden', since: '2019-09-10', knownSince: '2019-09-10T12:03:00.000Z', waitingFor: 'timer' },
  ],
  waitingOn: [
    {
      milestone: 'intake.noaAssessmentDone',
      nodeId: 'noaAssessment',
      roles: ['klantmanager'],
      since: '2019-09-10',
      knownSince: '2019-09-10T12:03:00.000Z',
      normDeadline: '2019-10-12',
      overdue: false,
      stuckReason: null,
    },
  ],
  expectedMilestones: [
    { milestone: 'intake.noaAssessmentDone', description: 'The NOA assessment (or its needed modules) was taken', roles: ['klantmanager'], nodeId: 'noaAssessment', clockId: null, earliestOn: '2019-08-31', payload: [] },
    {
      milestone: 'inburgering.extensionGranted',
      description: 'DUO extended the inburgering term; payload.extension is an ISO duration',
      roles: ['klantmanager'],
      nodeId: null,
      clockId: 'inburgeringstermijn',
      earliestOn: '2019-07-15',
      payload: [
        { name: 'extension', type: 'duration', required: true, description: 'How much longer the term runs, e.g. P6M' },
        { name: 'legalBasis', type: 'string', required: false, description: 'The provision the decision rests on, e.g. Wi2021 art. 7 lid 2' },
      ],
    },
  ],
  facts: { housingDate: '2019-08-31', permitGrantedDate: '2019-07-15', age: 31, tvsProfileComplete: true, languageSchoolConsent: true, budgetManagementConsent: true },
  milestonesDone: [
    {
      milestone: 'coa.warmHandoverDone',
      milestoneId: '5f0c2a9e-handover',
      nodeId: 'phoneHandover',
      occurredOn: '2019-09-02',
      effectiveOn: '2019-09-02',
      recordedAt: '2019-09-02T12:03:00.000Z',
      actor: { role: 'klantmanager', id: 'km-0007' },
    },
    {
      milestone: 'basis.budgetManagementConsentRecorded',
      milestoneId: '7a1d4c2b-consent',
      nodeId: 'budgetManagementConsent',
      occurredOn: '2019-09-10',
      effectiveOn: '2019-09-10',
      recordedAt: '2019-09-12T09:41:00.000Z',
      actor: { role: 'klantmanager', id: 'km-0007' },
    },
  ],
  displacedMilestones: [],
  clocks: [
    {
      clockId: 'inburgeringstermijn',
      name: 'Inburgeringstermijn (3 jaar)',
      status: 'running',
      startDate: '2019-07-15',
      deadline: '2022-07-15',
      nextWarning: { before: 'P12M', on: '2021-07-15' },
      warningsFired: [],
      changes: [{ on: '2019-07-15', kind: 'started', deadline: '2022-07-15' }],
    },
  ],
  schedule: [
    { id: 'remindPhoneHandover#1#1', kind: 'reminder', label: 'Herinnering overdracht', date: '2019-09-07', status: 'cancelled', armed: true, nodeId: 'remindPhoneHandover' },
    { id: 'norm:noaAssessment#1', kind: 'norm', label: 'NOA assessment within 6 weeks of housing', date: '2019-10-12', status: 'due', armed: true, nodeId: 'noaAssessment' },
    { id: 'timer:ontzorgenPeriod#1', kind: 'ontzorgenEnd', label: '6 maanden', date: '2020-03-10', status: 'due', armed: true, nodeId: 'ontzorgenPeriod' },
    { id: 'timer:handoverMeetingMonth#1', kind: 'handoverMeeting', label: 'Overdrachtsgesprek VWN, SWT en statushouder (maand 22)', date: '2021-06-30', status: 'due', armed: true, nodeId: 'handoverMeetingMonth' },
    { id: 'clock:inburgeringstermijn#warning#P12M', kind: 'warning', label: 'Inburgeringstermijn (3 jaar): P12M voor de termijn', date: '2021-07-15', status: 'due', armed: true, clockId: 'inburgeringstermijn' },
    { id: 'projected:guidancePeriod', kind: 'guidanceEnd', label: 'Einde maatschappelijke begeleiding (24 maanden)', date: '2021-08-31', status: 'due', armed: false, nodeId: 'guidancePeriod' },
    { id: 'clock:inburgeringstermijn#deadline', kind: 'deadline', label: 'Inburgeringstermijn (3 jaar): termijn verstreken', date: '2022-07-16', status: 'due', armed: true, clockId: 'inburgeringstermijn' },
  ],
  incidents: [],
  problems: [],
  phase: 'Introductieprogramma (5 weken)',
  visitedNodeIds: ['start', 'recordStart', 'fetchTvsProfile', 'tvsProfileCheck', 'tvsProfileHandled', 'phoneHandover', 'startTracks', 'basisOpOrde', 'noaAssessment', 'ontzorgenPeriod'],
  takenFlowIds: ['Flow_start_recordStart', 'Flow_recordStart_fetchTvsProfile', 'Flow_fetchTvsProfile_tvsProfileCheck'],
  technicalStalls: [],
  cancellation: null,
};

export const STARTED_EXAMPLE = {
  trajectoryId: TRAJECTORY_ID_EXAMPLE,
  definition: DEFINITION_EXAMPLE,
  state: STATE_EXAMPLE,
};

export const VIEW_EXAMPLE = {
  state: STATE_EXAMPLE,
  events: [
    {
      streamId: TRAJECTORY_ID_EXAMPLE,
      sequence: 1,
      type: 'trajectory.started',
      schemaVersion: 1,
      payload: { definitionKey: 'haarlem-statushouders', definitionVersion: 5, contentHash: DEFINITION_EXAMPLE.contentHash, municipality: 'GM0392', caseReference: 'HLM-2019-0042', startOn: '2019-08-31' },
      actor: { role: 'klantmanager', id: 'km-0007' },
      businessTime: '2019-08-30T22:00:00.000Z',
      recordedAt: '2019-09-02T12:03:00.120Z',
      idempotencyKey: `${TRAJECTORY_ID_EXAMPLE}#started`,
    },
  ],
};
