import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import { StartTrajectoryDto } from '../dto/start-trajectory.dto';

/** The most cases one request takes; `wegwijs trajectories import` sends a larger file in parts. */
export const IMPORT_CASES_PER_REQUEST = 100;

/** Running cases to bring in from another system, each as a start with its history. */
export class ImportCasesDto {
  @ApiPropertyOptional({ description: 'false (default): a dry run that changes nothing; true: start every case that is not refused', default: false })
  @IsOptional()
  @IsBoolean()
  execute?: boolean;

  @ApiProperty({
    description: `The cases, as POST /trajectories takes them (facts and history); at most ${IMPORT_CASES_PER_REQUEST} per request`,
    type: [StartTrajectoryDto],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(IMPORT_CASES_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => StartTrajectoryDto)
  cases!: StartTrajectoryDto[];
}
