/**
 * Roles in a definition: the built-in ones (@wegwijs/domain's ACTOR_ROLES) and the ones it declares
 * under `roles` (e.g. jobcoach). Every place a role is written — a human task's `role` and
 * `escalate.to`, `lanes` and a node's `lane`, the `roles` of a milestone, a milestone wait or a
 * milestone boundary event — must name one of them; a typo is UNKNOWN_ROLE with the nearest names.
 * A declared role may not take a built-in role's id or team (one name, one meaning; one worklist per team).
 */
import { ACTOR_ROLES, TASK_TEAMS } from '@wegwijs/domain';
import { humanTaskMilestones } from '../compile/expand-human-tasks';
import type { PathSegment } from '../source/parse-source';
import { HUMAN_TASK_ROLES } from '../schema/definition-schema';
import type { SourceDefinition } from '../source/source-definition';
import type { CapabilityRegistry } from './capability-registry';
import { didYouMean, nearestNames } from './suggest';
import type { DefinitionIndex, Report } from './validate';

/** The role ids the definition declares (only those whose declaration is an object, so a malformed file still gets checked). */
export function declaredRoleIds(definition: Pick<SourceDefinition, 'roles'>): string[] {
  const roles: unknown = definition.roles;
  if (typeof roles !== 'object' || roles === null || Array.isArray(roles)) return [];
  return Object.keys(roles);
}

export function checkRoles(definition: SourceDefinition, index: DefinitionIndex, registry: CapabilityRegistry, report: Report): void {
  const declared = declaredRoleIds(definition);
  checkDeclarations(definition, declared, report);
  // The roles a task can be for: the built-in task roles and every declared one.
  const taskRoles = new Set<string>([...HUMAN_TASK_ROLES, ...declared]);
  // The roles a milestone can be signalled by: every built-in role, every declared one, and those
  // the catalogue's milestones name (not the definition's own: their roles are what is checked).
  const known = new Set<string>([...ACTOR_ROLES, ...declared]);
  const own = { ...(definition.milestones ?? {}), ...humanTaskMilestones(definition.nodes) };
  for (const [name, milestone] of Object.entries(registry.milestones)) if (!Object.prototype.hasOwnProperty.call(own, name)) for (const role of milestone.roles ?? []) known.add(role);

  const checkRole = (role: unknown, roles: ReadonlySet<string>, what: string, path: readonly PathSegment[], nodeId: string | undefined) => {
    if (typeof role !== 'string' || roles.has(role)) return;
    const suggestions = nearestNames(role, roles);
    // No near name: perhaps a role of the programme's own, not yet declared.
    const declareIt = suggestions.length === 0 && !declared.includes(role) ? "; a programme's own role is declared under 'roles'" : '';
    report('UNKNOWN_ROLE', `${what} '${role}' is not a known role${didYouMean(suggestions)}${declareIt}`, path, nodeId, false, { suggestions });
  };
  const checkRoleList = (roles: unknown, path: readonly PathSegment[], nodeId: string | undefined) => {
    if (Array.isArray(roles)) roles.forEach((role, i) => checkRole(role, known, 'role', [...path, i], nodeId));
  };

  for (const [name, milestone] of Object.entries(definition.milestones ?? {})) checkRoleList(milestone?.roles, ['milestones', name, 'roles'], name);
  (definition.lanes ?? []).forEach((role, i) => checkRole(role, known, 'lane', ['lanes', i], undefined));
  for (const entry of index.nodes) {
    if (entry.boundary?.kind === 'milestone') checkRoleList(entry.boundary.roles, [...entry.path, 'roles'], entry.boundary.id);
    const node = entry.node;
    if (!node) continue;
    if (node.kind === 'milestoneWait') checkRoleList(node.roles, [...entry.path, 'roles'], node.id);
    if (node.lane !== undefined) {
      if (entry.scopeId !== null) report('LANE_INSIDE_SUB_PROCESS', `'${node.id}' is inside sub-process '${entry.scopeId}', which is drawn without lanes; give the sub-process the lane`, [...entry.path, 'lane'], node.id, true);
      else checkRole(node.lane, known, 'lane', [...entry.path, 'lane'], node.id);
    }
    if (node.kind !== 'humanTask') continue;
    if (node.role !== undefined) checkRole(node.role, taskRoles, 'task role', [...entry.path, 'role'], node.id);
    else if (node.lane === undefined) {
      report('MISSING_ROLE', `human task '${node.id}' says neither its role nor its lane, so nobody would get the task (roles: ${[...taskRoles].join(', ')})`, [...entry.path, 'id'], node.id);
    } else if (!taskRoles.has(node.lane) && (known.has(node.lane) || entry.scopeId !== null)) {
      // (A lane that is no role at all is UNKNOWN_ROLE above already: that is the root cause.)
      report('MISSING_ROLE', `human task '${node.id}' has no role and its lane '${node.lane}' is no role a task can be for (${[...taskRoles].join(', ')}); add a role`, [...entry.path, 'lane'], node.id);
    }
    if (node.escalate?.to !== undefined) checkRole(node.escalate.to, taskRoles, 'escalation role', [...entry.path, 'escalate', 'to'], node.id);
  }
}

/** A declared role may not be a built-in one, nor share a built-in team's worklist. */
function checkDeclarations(definition: SourceDefinition, declared: readonly string[], report: Report): void {
  for (const id of declared) {
    if ((ACTOR_ROLES as readonly string[]).includes(id)) {
      report('DUPLICATE_ID', `role '${id}' is built in; give the programme's own role another id`, ['roles', id], id, true);
    }
    const team = definition.roles?.[id]?.team;
    if (typeof team === 'string' && (TASK_TEAMS as readonly string[]).includes(team)) {
      report('DUPLICATE_ID', `team '${team}' is a built-in team's worklist; give role '${id}' a team of its own (or leave team out: '${id}')`, ['roles', id, 'team'], id);
    }
  }
}
