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
/**
 * A klantmanager reminder whose message comes from an optional fact: started without it, the
 * activity refuses its input for good (`InvalidActivityInput`, the definition's own bug) and an
 * incident opens; repaired, the trajectory waits for its intake.
 */
export function reminderWithoutTextDefinitionYaml(key: string): string {
  return `key: ${key}
version: 1
name: Herinnering zonder tekst
startsOn: housingDate
facts:
  housingDate: { type: date, required: true }
  reminderText: { type: string }
nodes:
  - { id: start, kind: start }
  - id: remindKlantmanager
    kind: serviceTask
    name: Klantmanager herinneren
    activity: notifyKlantmanager
    timeout: PT30S
    retry: standard
    input: { message: reminderText }
  - id: intake
    kind: milestoneWait
    name: Intake
    milestone: intake.completed
    roles: [klantmanager]
  - { id: end, kind: end }
flows:
  - { source: start, target: remindKlantmanager }
  - { source: remindKlantmanager, target: intake }
  - { source: intake, target: end }
`;
}

export async function publishDefinition(baseUrl: string, yaml: string, headers: Record<string, string>): Promise<void> {
  const answer = await fetch(`${baseUrl}/definitions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/yaml' }, body: yaml });
  if (answer.status !== 201) throw new Error(`publishing failed: ${answer.status} ${await answer.text()}`);
}

