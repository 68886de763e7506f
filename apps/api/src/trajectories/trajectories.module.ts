import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { PeopleModule } from '../people/people.module';
import { IncidentsController } from './incidents.controller';
import { TrajectoryImportsController } from './imports/trajectory-imports.controller';
import { TrajectoryImportsService } from './imports/trajectory-imports.service';
import { TrajectoriesController } from './trajectories.controller';
import { TrajectoriesService } from './trajectories.service';
import { TrajectoryListController } from './trajectory-list.controller';
import { TrajectoryListService } from './trajectory-list.service';

/** Trajectories: start, milestones, facts, cancel, incident repairs, imports of running cases, state and history, and the list from the read model. Exports the service others report milestones through. */
@Module({
  imports: [DefinitionsModule, PeopleModule],
  controllers: [TrajectoryListController, TrajectoryImportsController, TrajectoriesController, IncidentsController],
  providers: [TrajectoriesService, TrajectoryListService, TrajectoryImportsService],
  exports: [TrajectoriesService],
})
export class TrajectoriesModule {}
