import { Module } from '@nestjs/common';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

/** What supervisors look after: stuck trajectories, with links into the Temporal Web UI. */
@Module({
  controllers: [SupervisionController],
  providers: [SupervisionService],
})
export class SupervisionModule {}
