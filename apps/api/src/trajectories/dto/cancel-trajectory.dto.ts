import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CancelTrajectoryDto {
  @ApiProperty({ description: 'Why the trajectory ends early (no personal data)', example: 'verhuisd naar andere gemeente' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ description: 'The day it ended (YYYY-MM-DD), e.g. the day the person moved; default today. What fell due after it is superseded.', example: '2019-11-30', format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;
}
