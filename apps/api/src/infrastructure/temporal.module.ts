import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { connectNamespaceClients, NamespaceClients } from '@wegwijs/temporal';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from './tokens';

/**
 * Temporal: `NamespaceClients`, a client per served namespace (a trajectory's calls go to its
 * municipality's), and `TEMPORAL_CLIENT`, the default namespace's, for calls about no one
 * trajectory; one connection, payloads encrypted with the configured keys, closed when the
 * application stops.
 */
@Global()
@Module({
  providers: [
    { provide: NamespaceClients, inject: [WEGWIJS_CONFIGURATION], useFactory: (config: WegwijsConfiguration) => connectNamespaceClients(config) },
    { provide: TEMPORAL_CLIENT, inject: [NamespaceClients], useFactory: (clients: NamespaceClients) => clients.default },
  ],
  exports: [NamespaceClients, TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(private readonly clients: NamespaceClients) {}

  async onApplicationShutdown(): Promise<void> {
    await this.clients.close();
  }
}
