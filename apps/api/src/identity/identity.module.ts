import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { RateLimitWindows } from '@wegwijs/persistence';
import { DataSource } from 'typeorm';
import { DefinitionsModule } from '../definitions/definitions.module';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthenticationGuard } from './authentication.guard';
import { DeclaredRoles } from './declared-roles';
import { PerUserThrottlerGuard } from './per-user-throttler.guard';
import { SharedThrottlerStorage } from './shared-throttler-storage';
import { TrajectoryAccess } from './trajectory-access';

/**
 * Who is calling and what they may see: every route behind the authentication guard and the
 * per-user rate limit (global guards), and `TrajectoryAccess` for the features that decide access
 * to trajectories and write the access log (`@AuthorizeTrajectory()` guards a route with it), and
 * `DeclaredRoles` for the roles published definitions add (e.g. jobcoach).
 */
@Global()
@Module({
  imports: [
    // The roles published definitions declare are accepted in tokens.
    DefinitionsModule,
    ThrottlerModule.forRootAsync({
      inject: [WEGWIJS_CONFIGURATION, DataSource],
      // Counted in PostgreSQL, so the limit holds across every API process behind the load balancer.
      useFactory: (config: WegwijsConfiguration, dataSource: DataSource) => ({
        throttlers: [{ name: 'per-user', ttl: 60_000, limit: config.http.rateLimitPerMinute }],
        storage: new SharedThrottlerStorage(new RateLimitWindows(dataSource)),
      }),
    }),
  ],
  providers: [
    DeclaredRoles,
    {
      provide: AccessTokenVerifier,
      inject: [WEGWIJS_CONFIGURATION, DeclaredRoles],
      useFactory: (config: WegwijsConfiguration, declared: DeclaredRoles) =>
        AccessTokenVerifier.fromConfiguration(config.authentication, async (role) => (await declared.find(role)) !== undefined),
    },
    // In this order: who is calling, then whether they call too often.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: PerUserThrottlerGuard },
    TrajectoryAccess,
  ],
  exports: [TrajectoryAccess, DeclaredRoles],
})
export class IdentityModule {}
