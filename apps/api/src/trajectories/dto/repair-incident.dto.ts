import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';

/** Run the failed step again: the outside system is back, or the data it refused was fixed. */
export class RetryIncidentDto {
  @ApiProperty({ description: 'Why the step may run again now (no personal data)', example: 'TVS weer bereikbaar na storing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

/**
 * Go on as if the failed step gave `result`: what was done by hand instead. `result` holds exactly
 * the fields the step's output mapping reads (`result.<field>`); the answer names any missing or extra.
 */
export class SkipIncidentDto extends RetryIncidentDto {
  @ApiProperty({
    description: "The step's result as it was obtained by hand: exactly the fields its output reads",
    example: { complete: true },
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
  })
  @IsObject()
  result!: Record<string, string | number | boolean>;
}
