import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const TRAJECTORY_LIST_LIMIT = { default: 50, max: 200 } as const;
const STATUSES = ['running', 'completed', 'terminated', 'cancelled'] as const;

/** Filters and paging of `GET /trajectories`; every filter narrows, none widens the caller's scope. */
export class ListTrajectoriesQuery {
  @ApiPropertyOptional({ description: 'CBS code of one of your municipalities; default all of them', example: 'GM0392' })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a CBS code such as GM0392' })
  municipality?: string;

  @ApiPropertyOptional({ description: 'Pseudonymous id of the klantmanager holding the case (a klantmanager sees only their own)', example: 'km-0007' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.@:-]{1,128}$/, { message: 'clientManager must be a pseudonymous user id' })
  clientManager?: string;

  @ApiPropertyOptional({ description: "Where it is, in the read model's words", example: 'brede intake' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  phase?: string;

  @ApiPropertyOptional({ description: 'A milestone it waits on', example: 'intake.noaAssessmentDone' })
  @IsOptional()
  @Matches(/^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*$/, { message: 'waitingOn must be a milestone name such as intake.completed' })
  waitingOn?: string;

  @ApiPropertyOptional({ enum: STATUSES, example: 'running' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ description: 'true: waiting past a norm or past a legal deadline (its next deadline lies before today); false: not', example: true })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: `Page size, at most ${TRAJECTORY_LIST_LIMIT.max}`, example: TRAJECTORY_LIST_LIMIT.default, default: TRAJECTORY_LIST_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(TRAJECTORY_LIST_LIMIT.max)
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor", example: 'R00wMzkyLkhMTS0yMDE5LTAwNDI' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: "cursor must be a previous page's nextCursor" })
  cursor?: string;
}
