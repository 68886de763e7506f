import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Liveness and readiness, for the orchestrator. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
