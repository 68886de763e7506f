import { DynamicModule, Module } from '@nestjs/common';
import { CaseloadModule } from './caseload/caseload.module';
import { ClocksModule } from './clocks/clocks.module';
import { CodecModule } from './codec';
import { DefinitionsModule } from './definitions/definitions.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { ConfigurationModule, type ApiModuleOptions } from './infrastructure/configuration.module';
import { PersistenceModule } from './infrastructure/persistence.module';
import { TemporalModule } from './infrastructure/temporal.module';
import { ObservabilityModule } from './observability/observability.module';
import { PeopleModule } from './people/people.module';
import { ReportsModule } from './reports/reports.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TasksModule } from './tasks/tasks.module';
import { TrajectoriesModule } from './trajectories/trajectories.module';

export type { ApiModuleOptions } from './infrastructure/configuration.module';
import type { Logger } from '@wegwijs/telemetry';

/**
 * The API: what it was started with and its connections (global), who is calling (global guards),
 * then one module per feature. Features import the features whose services they use.
 */
@Module({})
export class AppModule {
  static register(options: ApiModuleOptions, logger?: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigurationModule.register(options),
        ...(logger ? [ObservabilityModule.register(logger, options.tracing)] : []),
        PersistenceModule,
        TemporalModule,
        IdentityModule,
        TrajectoriesModule,
        CaseloadModule,
        ClocksModule,
        TasksModule,
        PeopleModule,
        DefinitionsModule,
        SupervisionModule,
        ReportsModule,
        HealthModule,
        CodecModule,
      ],
    };
  }
}
