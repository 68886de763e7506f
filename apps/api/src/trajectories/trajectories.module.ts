import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { PeopleModule } from '../people/people.module';
import { IncidentsController } from './incidents.controller';
import { TrajectoriesController } from './trajectories.controller';
import { TrajectoriesService } from './trajectories.service';
import { TrajectoryListController } from './trajectory-list.controller';
import { TrajectoryListService } from './trajectory-list.service';

/** Trajectories: start, milestones, facts, cancel, incident repairs, state and history, and the list from the read model. Exports the service others report milestones through. */
@Module({
  imports: [DefinitionsModule, PeopleModule],
  controllers: [TrajectoryListController, TrajectoriesController, IncidentsController],
  providers: [TrajectoriesService, TrajectoryListService],
  exports: [TrajectoriesService],
})
export class TrajectoriesModule {}
