import { Reflector } from '@nestjs/core';
import { isBuiltInRole, type BuiltInRole } from '@wegwijs/domain';

/**
 * In an `@AllowedRoles` list: people in a role a published definition declares (e.g. jobcoach).
 * Not a role id (it has spaces), so no definition can declare it.
 */
export const DECLARED_ROLES = 'declared roles';

/** A built-in role by name, or every declared role at once. */
export type AllowedRole = BuiltInRole | typeof DECLARED_ROLES;

/**
 * The roles that may call a controller or handler; the authentication guard answers 403
 * (`forbidden-role`) to any other. A handler's list replaces its controller's. Declared roles
 * may call only what lists DECLARED_ROLES (or what lists no roles: open to everyone signed in).
 *
 *   @AllowedRoles(['supervisor', 'admin'])
 *   @AllowedRoles(['klantmanager', DECLARED_ROLES])
 */
export const AllowedRoles = Reflector.createDecorator<readonly AllowedRole[]>();

/** Whether `role` is one the list allows. */
export function isAllowedRole(allowed: readonly AllowedRole[], role: string): boolean {
  return (allowed as readonly string[]).includes(role) || (!isBuiltInRole(role) && allowed.includes(DECLARED_ROLES));
}
