import { DynamicModule, Global, Module } from '@nestjs/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import type { InstalledTracing, Logger } from '@wegwijs/telemetry';
import type { CompiledDefinition } from '@wegwijs/definitions/runtime';
import { REPOSITORY_DEFINITIONS, WEGWIJS_CONFIGURATION } from './tokens';

export interface ApiModuleOptions {
  readonly config: WegwijsConfiguration;
  /** The repository's definitions, compiled; those published through the API come from the database. */
  readonly definitions: readonly CompiledDefinition[];
  /** The process's logger (`createLogger`); omitted: one on stdout at LOG_LEVEL. Tests pass one that writes where they read. */
  readonly logger?: Logger;
  /** The process's tracing (`installTracing`), flushed when the application stops. */
  readonly tracing?: InstalledTracing;
}

/**
 * What the API process was started with — the validated configuration and the repository's
 * compiled definitions — for every feature module to inject (`WEGWIJS_CONFIGURATION`,
 * `REPOSITORY_DEFINITIONS`), so that no feature module needs options of its own.
 */
@Global()
@Module({})
export class ConfigurationModule {
  static register(options: ApiModuleOptions): DynamicModule {
    return {
      module: ConfigurationModule,
      providers: [
        { provide: WEGWIJS_CONFIGURATION, useValue: options.config },
        { provide: REPOSITORY_DEFINITIONS, useValue: options.definitions },
      ],
      exports: [WEGWIJS_CONFIGURATION, REPOSITORY_DEFINITIONS],
    };
  }
}
