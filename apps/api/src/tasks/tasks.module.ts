import { Module } from '@nestjs/common';
import { TrajectoriesModule } from '../trajectories/trajectories.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** People's tasks: work lists, completion (reporting the milestone a task stands for) and reassignment. */
@Module({
  imports: [TrajectoriesModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
