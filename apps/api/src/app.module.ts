import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Client } from '@temporalio/client';
import type { WegwijsConfiguration } from '@wegwijs/config';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import {
  AccessLog,
  createWegwijsDataSource,
  EventStore,
  MasterKeyring,
  migrateDatabase,
  PersonRecords,
  PublishedDefinitionStore,
  TaskStore,
  TypeOrmAccessLog,
  TypeOrmEventStore,
  TypeOrmPersonKeyVault,
  TypeOrmPersonRecords,
  TypeOrmPublishedDefinitionStore,
  TypeOrmTaskStore,
} from '@wegwijs/persistence';
import { connectTemporalClient } from '@wegwijs/temporal';
import { DataSource } from 'typeorm';
import { CaseloadController } from './caseload/caseload.controller';
import { CodecModule } from './codec';
import { ClocksController } from './clocks/clocks.controller';
import { ClocksService } from './clocks/clocks.service';
import { DefinitionCatalogue, RepositoryAndPublishedCatalogue } from './definitions/definition-catalogue';
import { DefinitionDiagrams } from './definitions/definition-diagrams';
import { DefinitionsController } from './definitions/definitions.controller';
import { DefinitionsService } from './definitions/definitions.service';
import { HealthController } from './health/health.controller';
import { AccessTokenVerifier } from './identity/access-token-verifier';
import { AuthenticationGuard } from './identity/authentication.guard';
import { PerUserThrottlerGuard } from './identity/per-user-throttler.guard';
import { TrajectoryAccess } from './identity/trajectory-access';
import { PeopleController } from './people/people.controller';
import { PeopleService } from './people/people.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from './infrastructure/tokens';
import { TrajectoriesController } from './trajectories/trajectories.controller';
import { TrajectoriesService } from './trajectories/trajectories.service';
import { TrajectoryListController } from './trajectories/trajectory-list.controller';
import { TrajectoryListService } from './trajectories/trajectory-list.service';

export interface ApiModuleOptions {
  readonly config: WegwijsConfiguration;
  /** The repository's definitions, compiled; those published through the API come from the database. */
  readonly definitions: readonly CompiledDefinition[];
}

/** Closes the database pool and the Temporal connection when the application stops. */
class ConnectionsCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class AppModule {
  static register(options: ApiModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        CodecModule.register(config),
        ThrottlerModule.forRoot([{ name: 'per-user', ttl: 60_000, limit: config.http.rateLimitPerMinute }]),
      ],
      controllers: [
        TrajectoryListController,
        TrajectoriesController,
        CaseloadController,
        ClocksController,
        TasksController,
        PeopleController,
        DefinitionsController,
        SupervisionController,
        ReportsController,
        HealthController,
      ],
      providers: [
        { provide: WEGWIJS_CONFIGURATION, useValue: config },
        { provide: AccessTokenVerifier, useFactory: () => AccessTokenVerifier.fromConfiguration(config.authentication) },
        // In this order: who is calling, then whether they call too often.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: PerUserThrottlerGuard },
        {
          provide: DataSource,
          useFactory: async () => {
            if (!config.database.url) throw new Error('DATABASE_URL is required for the API (npm start sets it for the embedded database)');
            const dataSource = createWegwijsDataSource({
              url: config.database.url,
              poolSize: config.database.poolSize,
              applicationName: 'wegwijs-api',
            });
            await dataSource.initialize();
            await migrateDatabase(dataSource);
            return dataSource;
          },
        },
        { provide: EventStore, useFactory: (dataSource: DataSource) => new TypeOrmEventStore(dataSource), inject: [DataSource] },
        { provide: TaskStore, useFactory: (dataSource: DataSource) => new TypeOrmTaskStore(dataSource), inject: [DataSource] },
        { provide: AccessLog, useFactory: (dataSource: DataSource) => new TypeOrmAccessLog(dataSource), inject: [DataSource] },
        {
          provide: PersonRecords,
          // Without WEGWIJS_PERSON_DATA_KEYS the keyring refuses, and so the API refuses to start.
          useFactory: (dataSource: DataSource) =>
            new TypeOrmPersonRecords(dataSource, new TypeOrmPersonKeyVault(dataSource, new MasterKeyring(config.personData.masterKeys))),
          inject: [DataSource],
        },
        TrajectoryAccess,
        PeopleService,
        { provide: TEMPORAL_CLIENT, useFactory: () => connectTemporalClient(config) },
        {
          provide: PublishedDefinitionStore,
          useFactory: (dataSource: DataSource) => new TypeOrmPublishedDefinitionStore(dataSource),
          inject: [DataSource],
        },
        {
          provide: DefinitionCatalogue,
          useFactory: (store: PublishedDefinitionStore) => new RepositoryAndPublishedCatalogue(options.definitions, store),
          inject: [PublishedDefinitionStore],
        },
        { provide: DefinitionDiagrams, useValue: new DefinitionDiagrams() },
        TrajectoriesService,
        TrajectoryListService,
        ClocksService,
        TasksService,
        DefinitionsService,
        SupervisionService,
        ReportsService,
        ConnectionsCloser,
      ],
    };
  }
}
