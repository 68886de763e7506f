import { Module } from '@nestjs/common';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import { PublishedDefinitionStore, TypeOrmPublishedDefinitionStore } from '@wegwijs/persistence';
import { DataSource } from 'typeorm';
import { REPOSITORY_DEFINITIONS } from '../infrastructure/tokens';
import { CapabilitiesController } from './capabilities.controller';
import { DefinitionCatalogue, RepositoryAndPublishedCatalogue } from './definition-catalogue';
import { DefinitionDiagrams } from './definition-diagrams';
import { DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

/** Definitions: the repository's and the published ones, validation, publishing, BPMN and diagrams, and the capabilities they can use. Exports the catalogue new trajectories start from. */
@Module({
  controllers: [DefinitionsController, CapabilitiesController],
  providers: [
    { provide: PublishedDefinitionStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new TypeOrmPublishedDefinitionStore(dataSource) },
    {
      provide: DefinitionCatalogue,
      inject: [REPOSITORY_DEFINITIONS, PublishedDefinitionStore],
      useFactory: (definitions: readonly CompiledDefinition[], store: PublishedDefinitionStore) => new RepositoryAndPublishedCatalogue(definitions, store),
    },
    { provide: DefinitionDiagrams, useValue: new DefinitionDiagrams() },
    DefinitionsService,
  ],
  exports: [DefinitionCatalogue],
})
export class DefinitionsModule {}
