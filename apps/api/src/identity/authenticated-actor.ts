import type { EventActor } from '@wegwijs/domain';

/**
 * Who makes a request, as the verified access token says: a role, a pseudonymous user id (the
 * token's `sub`, never a name) and the municipalities (CBS codes such as GM0392) whose people
 * the caller may see. Staff of two municipalities carry both codes.
 */
export interface AuthenticatedActor extends EventActor {
  readonly municipalities: readonly string[];
}

/** The actor as events record it: role and pseudonymous id, not the token's municipalities. */
export function eventActor(actor: AuthenticatedActor): EventActor {
  return { role: actor.role, id: actor.id };
}
