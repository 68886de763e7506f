/**
 * Definitions that end-to-end tests publish through the API, each under a fresh key so test files
 * never meet each other's versions in the shared database.
 */
import { randomUUID } from 'node:crypto';

/** A fresh definition key, e.g. `e2e-clocks-3f9a1c2`. */
export function newDefinitionKey(purpose: string): string {
  return `e2e-${purpose}-${randomUUID().slice(0, 7)}`;
}

/**
 * A small trajectory with the inburgering term as a legal clock that can be suspended, resumed and
 * extended, and one wait with a norm of six weeks after housing — housed long ago, it is stuck at once.
 */
export function clockedDefinitionYaml(key: string, version = 1, name = 'Inburgeringstermijn met opschorting'): string {
  return `key: ${key}
version: ${version}
name: ${name}
startsOn: housingDate
facts:
  housingDate: { type: date, required: true }
  permitGrantedDate: { type: date, required: true }
legalClocks:
  - id: inburgeringstermijn
    name: Inburgeringstermijn (3 jaar)
    start: permitGrantedDate
    term: P3Y
    warnings: [P1M]
    suspendOn: [inburgering.suspended]
    resumeOn: [inburgering.resumed]
    extendOn:
      - { milestone: inburgering.extensionGranted, durationField: extension }
    stopOn: [inburgering.diplomaObtained]
nodes:
  - { id: start, kind: start }
  - id: noaAssessment
    kind: milestoneWait
    name: Brede intake
    milestone: intake.noaAssessmentDone
    roles: [klantmanager]
    norm: { within: P6W, from: housingDate, description: NOA assessment within 6 weeks of housing }
  - { id: end, kind: end }
flows:
  - { source: start, target: noaAssessment }
  - { source: noaAssessment, target: end }
`;
}

/** Publishes YAML as policy staff; fails the test unless it was published. */
export async function publishDefinition(baseUrl: string, yaml: string, headers: Record<string, string>): Promise<void> {
  const answer = await fetch(`${baseUrl}/definitions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/yaml' }, body: yaml });
  if (answer.status !== 201) throw new Error(`publishing failed: ${answer.status} ${await answer.text()}`);
}

