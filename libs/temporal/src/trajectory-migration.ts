/**
 * Moving running trajectories to a newer version of their definition: a dry run per trajectory
 * (what would move), and the move itself, which each trajectory performs at its next quiet moment.
 *
 *   const outcomes = await migrateRunningTrajectories(client, haarlemV2, false); // dry run
 */
import type { Client } from '@temporalio/client';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import { migrateDefinitionUpdate, planMigrationQuery, type MigrationPlan } from '@wegwijs/workflows';

export interface MigrationOutcome {
  readonly plan: MigrationPlan;
  /** Only with execute: whether the trajectory accepted the move. */
  readonly moved?: boolean;
  readonly refusal?: string;
}

/** Plans (and with `execute`, performs) the move of every running trajectory of the target's key to the target version. */
export async function migrateRunningTrajectories(client: Client, target: CompiledDefinition, execute: boolean): Promise<MigrationOutcome[]> {
  const outcomes: MigrationOutcome[] = [];
  const query = `WegwijsDefinitionKey = '${target.key}' AND WegwijsStatus = 'running' AND WegwijsDefinitionVersion < ${target.version}`;
  for await (const execution of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(execution.workflowId);
    const plan = await handle.query(planMigrationQuery, target);
    if (!execute || !plan.movable) {
      outcomes.push({ plan, ...(execute ? { moved: false, refusal: 'not movable' } : {}) });
      continue;
    }
    try {
      outcomes.push({ plan: await handle.executeUpdate(migrateDefinitionUpdate, { args: [target] }), moved: true });
    } catch (error) {
      outcomes.push({ plan, moved: false, refusal: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
    }
  }
  return outcomes;
}

