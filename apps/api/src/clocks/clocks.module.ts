import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { TrajectoriesModule } from '../trajectories/trajectories.module';
import { ClocksController } from './clocks.controller';
import { ClocksService } from './clocks.service';

/** A trajectory's legal clocks: suspend, resume, extend, reported as the clock's milestones. */
@Module({
  imports: [DefinitionsModule, TrajectoriesModule],
  controllers: [ClocksController],
  providers: [ClocksService],
})
export class ClocksModule {}
