import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './actor.decorator';

/**
 * Rate limits per user, not per address: a municipality's staff share one outgoing address.
 * Runs after the authentication guard; unauthenticated (public) routes count per address.
 */
@Injectable()
export class PerUserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { actor, ip } = request as unknown as AuthenticatedRequest;
    return actor ? `user:${actor.role}:${actor.id}` : `address:${ip ?? 'unknown'}`;
  }
}
