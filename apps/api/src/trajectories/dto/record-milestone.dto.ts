import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches } from 'class-validator';

export class RecordMilestoneDto {
  @ApiProperty({ description: 'The milestone, as named in the definition', example: 'intake.completed' })
  @IsString()
  @Matches(/^[a-z][a-zA-Z0-9-]*(\.[a-z][a-zA-Z0-9-]*)*$/, { message: 'milestone must be a dotted name such as intake.completed' })
  milestone!: string;

  @ApiPropertyOptional({ description: 'The day it happened (YYYY-MM-DD); defaults to today', example: '2019-09-12' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;

  @ApiPropertyOptional({
    description: 'Values the definition maps onto facts',
    example: { route: 'work' },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, string | number | boolean | null>;
}
