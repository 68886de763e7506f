/** Examples for the OpenAPI description of the definition endpoints. */
export const DEFINITION_SOURCE_EXAMPLE = `key: intake-only
version: 1
name: Intake only
facts:
  housingDate: { type: date, required: true }
nodes:
  - { id: start, kind: start }
  - id: intake
    kind: milestoneWait
    milestone: intake.completed
    roles: [klantmanager]
    norm: { within: P6W, from: housingDate }
  - { id: end, kind: end }
flows:
  - { source: start, target: intake }
  - { source: intake, target: end }
`;

export const CONTENT_HASH_EXAMPLE = 'sha256:3f6dd7135df69b25c4453cb5b5f019967a4fe73796049b692414b7ad690c3b1f';

export const DEFINITION_LIST_EXAMPLE = [
  {
    key: 'haarlem-statushouders',
    newestVersion: 5,
    versions: [
      { version: 4, contentHash: CONTENT_HASH_EXAMPLE, origin: 'repository', publishedAt: null },
      { version: 5, contentHash: 'sha256:9b1c…', origin: 'published', publishedAt: '2026-11-02T09:30:00.000Z' },
    ],
  },
  { key: 'walking-skeleton', newestVersion: 1, versions: [{ version: 1, contentHash: 'sha256:5b4e…', origin: 'repository', publishedAt: null }] },
];

export const VALIDATION_PROBLEM_EXAMPLE = {
  code: 'UNKNOWN_MILESTONE',
  message: "Milestone 'intake.done' is not in the registry",
  nodeId: 'intake',
  line: 9,
  column: 16,
};
