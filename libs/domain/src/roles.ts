/**
 * Roles as data: the roles Wegwijs knows in code (built in) and the ones a published definition
 * declares for its own programme (e.g. `jobcoach`), and the team whose worklist a role's tasks
 * land in. A declared role only names people who do tasks and report milestones of that programme.
 *
 *   teamOfRole('supervisor')                                  // 'supervisors'
 *   teamOfDeclaredRole('jobcoach', { name: 'Jobcoach' })      // 'jobcoach'
 *   teamOfDeclaredRole('jobcoach', { name: 'Jobcoach', team: 'jobcoaches' }) // 'jobcoaches'
 */
import { ACTOR_ROLES, type BuiltInRole } from './trajectory-event';

/** A declared role's id, and a team's name: lower case, digits and single hyphens (`jobcoach`, `taal-coach`). */
export const ROLE_ID_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
export const ROLE_ID_MAX_LENGTH = 40;
const ROLE_ID = new RegExp(ROLE_ID_PATTERN);

export const isRoleId = (value: string): boolean => value.length <= ROLE_ID_MAX_LENGTH && ROLE_ID.test(value);

export const isBuiltInRole = (role: string): role is BuiltInRole => (ACTOR_ROLES as readonly string[]).includes(role);

/** The built-in roles that do tasks, and their team; the klantmanager's tasks go to the case's own klantmanager. */
export const TEAM_OF_BUILT_IN_ROLE = {
  klantmanager: 'klantmanagers',
  vluchtelingenwerk: 'vluchtelingenwerk',
  wijkteam: 'wijkteam',
  schulddienstverlening: 'schulddienstverlening',
  supervisor: 'supervisors',
} as const satisfies Partial<Record<BuiltInRole, string>>;

/** The built-in team of a role, or undefined for roles without tasks (beleid, admin, system) and declared roles. */
export function teamOfRole(role: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(TEAM_OF_BUILT_IN_ROLE, role) ? TEAM_OF_BUILT_IN_ROLE[role as keyof typeof TEAM_OF_BUILT_IN_ROLE] : undefined;
}

/** A role a definition declares under `roles`. */
export interface RoleDeclaration {
  /** Shown to people, e.g. "Jobcoach". */
  readonly name: string;
  readonly description?: string;
  /** The team whose worklist the role's tasks land in; default: the role's id. */
  readonly team?: string;
}

/** A declared role's team: the one it names, else one named after the role itself. */
export const teamOfDeclaredRole = (role: string, declaration: RoleDeclaration): string => declaration.team ?? role;
