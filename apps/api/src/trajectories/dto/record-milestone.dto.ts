import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { milestonePayloadOpenApiSchema } from './milestone-payload-schema';

export const MILESTONE_NAME = /^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*$/;

export class RecordMilestoneDto {
  @ApiProperty({ description: 'The milestone, as named in the definition', example: 'intake.planAgreed' })
  @IsString()
  @Matches(MILESTONE_NAME, { message: 'milestone must be a dotted name such as intake.completed' })
  milestone!: string;

  @ApiPropertyOptional({
    description: 'The day it happened (YYYY-MM-DD, Europe/Amsterdam); defaults to today. Late is fine: not after today, not before the trajectory allows.',
    example: '2019-09-12',
    format: 'date',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;

  @ApiPropertyOptional({ ...milestonePayloadOpenApiSchema(), example: { route: 'werk' } })
  @IsOptional()
  @IsObject()
  payload?: Record<string, string | number | boolean | null>;
}
