import { Module } from '@nestjs/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { MasterKeyring, PersonRecords, TypeOrmPersonKeyVault, TypeOrmPersonRecords } from '@wegwijs/persistence';
import { DataSource } from 'typeorm';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';
import { TrajectoryPersonController } from './trajectory-person.controller';

/** The encrypted person record: register, read (also through its trajectory), correct, erase. Exports the service trajectories link people with. */
@Module({
  controllers: [PeopleController, TrajectoryPersonController],
  providers: [
    {
      provide: PersonRecords,
      inject: [DataSource, WEGWIJS_CONFIGURATION],
      // Without WEGWIJS_PERSON_DATA_KEYS the keyring refuses, and so the API refuses to start.
      useFactory: (dataSource: DataSource, config: WegwijsConfiguration) =>
        new TypeOrmPersonRecords(dataSource, new TypeOrmPersonKeyVault(dataSource, new MasterKeyring(config.personData.masterKeys))),
    },
    PeopleService,
  ],
  exports: [PeopleService],
})
export class PeopleModule {}
