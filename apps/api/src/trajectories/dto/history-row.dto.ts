import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { milestonePayloadOpenApiSchema } from './milestone-payload-schema';
import { MILESTONE_NAME } from './record-milestone.dto';

/** A milestone that happened before the trajectory was started in Wegwijs. */
export class HistoryRowDto {
  @ApiProperty({ example: 'coa.warmHandoverDone' })
  @IsString()
  @Matches(MILESTONE_NAME, { message: 'milestone must be a dotted name such as intake.completed' })
  milestone!: string;

  @ApiProperty({ description: 'The day it happened (YYYY-MM-DD, Europe/Amsterdam)', example: '2019-09-03', format: 'date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn!: string;

  @ApiPropertyOptional({ ...milestonePayloadOpenApiSchema(), example: { consent: true } })
  @IsOptional()
  @IsObject()
  payload?: Record<string, string | number | boolean | null>;
}
