/**
 * Temporal's visibility list, as the tests read it: only the workflow ids a query matches.
 *
 * The tests' own clients carry no payload codec (they play an outside reader, like the `temporal`
 * CLI), and a trajectory's memo is encrypted by Wegwijs's codec (an import keeps its digest there).
 * `client.workflow.list` decodes every memo it lists, so it fails on such a trajectory; the raw
 * visibility call returns the ids without touching any payload.
 */
import type { Client } from '@temporalio/client';

export async function workflowIdsMatching(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query, pageSize: 1000, nextPageToken });
    for (const execution of page.executions ?? []) if (execution.execution?.workflowId) ids.push(execution.execution.workflowId);
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return ids;
}
