import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, Matches } from 'class-validator';

export class CompleteTaskDto {
  @ApiPropertyOptional({
    description: "The answers the task asks for; passed on to the trajectory as the milestone's payload",
    example: { consent: true },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  outcome?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({ description: 'The day it was done (YYYY-MM-DD); defaults to today', example: '2019-09-12' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'completedOn must be a date YYYY-MM-DD' })
  completedOn?: string;
}
