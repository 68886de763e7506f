import { Reflector } from '@nestjs/core';
import type { ActorRole } from '@wegwijs/domain';

/**
 * The roles that may call a controller or handler; the authentication guard answers 403
 * (`forbidden-role`) to any other. A handler's list replaces its controller's.
 *
 *   @AllowedRoles(['supervisor', 'admin'])
 */
export const AllowedRoles = Reflector.createDecorator<readonly ActorRole[]>();
