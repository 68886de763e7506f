import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_TEAMS, type TaskTeam } from '@wegwijs/domain';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class ReassignTaskDto {
  @ApiProperty({ enum: TASK_TEAMS, example: 'klantmanagers' })
  @IsIn(TASK_TEAMS as unknown as string[], { message: `team must be one of ${TASK_TEAMS.join(', ')}` })
  team!: TaskTeam;

  @ApiPropertyOptional({ description: 'Pseudonymous user id within the team; omit to leave it to the team', example: 'km-0012' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'userId must be a pseudonymous user id' })
  userId?: string;
}
