import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { connectTemporalClient } from '@wegwijs/temporal';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from './tokens';

/** The Temporal client (`TEMPORAL_CLIENT`), payloads encrypted with the configured keys; closed when the application stops. */
@Global()
@Module({
  providers: [{ provide: TEMPORAL_CLIENT, inject: [WEGWIJS_CONFIGURATION], useFactory: (config: WegwijsConfiguration) => connectTemporalClient(config) }],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close();
  }
}
