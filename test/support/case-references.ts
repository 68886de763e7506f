import { randomUUID } from 'node:crypto';

/**
 * A fresh case reference per test, so tests never meet each other's trajectories. Seven hex
 * characters after a letter can never hold an eight- or nine-digit run, which the API would
 * (rightly) refuse when it passes the BSN eleven test.
 */
export function newCaseReference(): string {
  return `HLM-T${randomUUID().slice(0, 7)}`;
}
