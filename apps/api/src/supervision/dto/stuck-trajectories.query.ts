import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const STUCK_LIST_LIMIT = { default: 100, max: 500 } as const;

export class StuckTrajectoriesQuery {
  @ApiPropertyOptional({ description: 'CBS code of one of your municipalities; default all of them', example: 'GM0392' })
  @IsOptional()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a CBS code such as GM0392' })
  municipality?: string;

  @ApiPropertyOptional({ description: `At most this many, at most ${STUCK_LIST_LIMIT.max}`, example: STUCK_LIST_LIMIT.default, default: STUCK_LIST_LIMIT.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(STUCK_LIST_LIMIT.max)
  limit?: number;
}
