/** Examples of trajectory answers, for the OpenAPI description. */
export const TRAJECTORY_ID_EXAMPLE = 'GM0392.HLM-2019-0042';
export const TRAJECTORY_PATH_EXAMPLE = `/trajectories/${TRAJECTORY_ID_EXAMPLE}`;

export const STARTED_EXAMPLE = {
  trajectoryId: TRAJECTORY_ID_EXAMPLE,
  definition: { key: 'haarlem-statushouders', version: 4, contentHash: 'sha256:3f6dd7135df69b25c4453cb5b5f019967a4fe73796049b692414b7ad690c3b1f' },
};

/** What the state query and every accepted change answer with. */
export const STATE_EXAMPLE = {
  trajectoryId: TRAJECTORY_ID_EXAMPLE,
  municipality: 'GM0392',
  definition: STARTED_EXAMPLE.definition,
  status: 'running',
  startedAt: '2019-08-31T10:00:00.000Z',
  endedAt: null,
  activeNodes: [{ nodeId: 'noaAssessment', kind: 'milestoneWait', name: 'NOA-assessment afgenomen', since: '2019-09-12T09:00:00.000Z' }],
  waitingOn: [
    {
      milestone: 'intake.noaAssessmentDone',
      nodeId: 'noaAssessment',
      roles: ['klantmanager'],
      since: '2019-09-12T09:00:00.000Z',
      normDeadline: '2019-10-12',
      overdue: false,
      stuckReason: null,
    },
  ],
  facts: { housingDate: '2019-08-31', permitGrantedDate: '2019-07-15', age: 31 },
  milestonesDone: [
    {
      milestone: 'coa.warmHandoverDone',
      milestoneId: '5f0c2a9e-handover',
      nodeId: 'warmHandover',
      occurredOn: '2019-09-02',
      recordedAt: '2019-09-02T14:03:00.000Z',
      actor: { role: 'klantmanager', id: 'km-0007' },
    },
  ],
  clocks: [
    {
      clockId: 'inburgeringstermijn',
      name: 'Inburgeringstermijn (3 jaar)',
      status: 'running',
      startDate: '2019-07-15',
      deadline: '2022-07-15',
      nextWarning: { before: 'P12M', on: '2021-07-15' },
      warningsFired: [],
    },
  ],
  phase: 'Brede intake',
  cancellation: null,
};

export const VIEW_EXAMPLE = {
  state: STATE_EXAMPLE,
  events: [
    {
      streamId: TRAJECTORY_ID_EXAMPLE,
      sequence: 1,
      type: 'trajectory.started',
      schemaVersion: 1,
      payload: { definitionKey: 'haarlem-statushouders', definitionVersion: 4, municipality: 'GM0392', caseReference: 'HLM-2019-0042' },
      actor: { role: 'klantmanager', id: 'km-0007' },
      businessTime: '2019-08-31T10:00:00.000Z',
      recordedAt: '2019-08-31T10:00:00.120Z',
      idempotencyKey: `${TRAJECTORY_ID_EXAMPLE}#started`,
    },
  ],
};
