/**
 * The custom search attributes supervisors filter on in the Temporal Web UI. None of them may
 * hold personal data: ids, codes, node names and times only.
 *
 * A dev server registers them at start (`--search-attribute NAME=TYPE`); on a real cluster run
 * the command `searchAttributeCreateCommand()` spells out (`wegwijs search-attributes` prints them).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const WegwijsSearchAttributes = {
  definitionKey: defineSearchAttributeKey('WegwijsDefinitionKey', SearchAttributeType.KEYWORD),
  definitionVersion: defineSearchAttributeKey('WegwijsDefinitionVersion', SearchAttributeType.INT),
  municipality: defineSearchAttributeKey('WegwijsMunicipality', SearchAttributeType.KEYWORD),
  phase: defineSearchAttributeKey('WegwijsPhase', SearchAttributeType.KEYWORD),
  waitingOn: defineSearchAttributeKey('WegwijsWaitingOn', SearchAttributeType.KEYWORD_LIST),
  waitingSince: defineSearchAttributeKey('WegwijsWaitingSince', SearchAttributeType.DATETIME),
  nextDeadline: defineSearchAttributeKey('WegwijsNextDeadline', SearchAttributeType.DATETIME),
  stuck: defineSearchAttributeKey('WegwijsStuck', SearchAttributeType.BOOL),
  /** Why it is stuck, in words a supervisor reads in the Web UI's list (no personal data). */
  stuckReason: defineSearchAttributeKey('WegwijsStuckReason', SearchAttributeType.KEYWORD),
  /** Activity types that keep failing (a technical stall), e.g. ['fetchTvsProfile']. */
  failingActivities: defineSearchAttributeKey('WegwijsFailingActivities', SearchAttributeType.KEYWORD_LIST),
  status: defineSearchAttributeKey('WegwijsStatus', SearchAttributeType.KEYWORD),
} as const;

/** The names and types as the Temporal CLI spells them (`--search-attribute Name=Keyword`). */
export const SEARCH_ATTRIBUTE_CLI_TYPES: Readonly<Record<string, string>> = Object.freeze({
  WegwijsDefinitionKey: 'Keyword',
  WegwijsDefinitionVersion: 'Int',
  WegwijsMunicipality: 'Keyword',
  WegwijsPhase: 'Keyword',
  WegwijsWaitingOn: 'KeywordList',
  WegwijsWaitingSince: 'Datetime',
  WegwijsNextDeadline: 'Datetime',
  WegwijsStuck: 'Bool',
  WegwijsStuckReason: 'Keyword',
  WegwijsFailingActivities: 'KeywordList',
  WegwijsStatus: 'Keyword',
});

/**
 * The Temporal CLI command that registers every search attribute on a cluster: one `create` with
 * a `--name`/`--type` pair per attribute. Creating an attribute that exists with the same type
 * succeeds, so running it again is harmless; one that exists with another type stops it.
 */
export function searchAttributeCreateCommand(namespace: string): string {
  const pairs = Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).map(([name, type]) => `  --name ${name} --type ${type}`);
  return [`temporal operator search-attribute create --namespace ${namespace}`, ...pairs].join(' \\\n');
}
