import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isCalendarDuration, isValidDuration, parseDuration } from '@wegwijs/definitions/runtime';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateBy } from 'class-validator';

/** Long enough for 'Wi2021 art. 7 lid 2, besluit DUO 2021-03-04 kenmerk 123456', short enough to hold no story. */
const LEGAL_BASIS_LENGTH = { min: 3, max: 200 } as const;

/** Suspending or resuming a legal clock: on which legal ground, and from which day. */
export class ClockChangeDto {
  @ApiProperty({
    description: `The provision (and decision) the change rests on; kept in the trajectory's history. ${LEGAL_BASIS_LENGTH.min}–${LEGAL_BASIS_LENGTH.max} characters, no personal data`,
    example: 'Wi2021 art. 7 lid 2',
    minLength: LEGAL_BASIS_LENGTH.min,
    maxLength: LEGAL_BASIS_LENGTH.max,
  })
  // Trimmed first, so blank text is too short rather than a legal basis.
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(LEGAL_BASIS_LENGTH.min, LEGAL_BASIS_LENGTH.max, {
    message: `legalBasis must be ${LEGAL_BASIS_LENGTH.min} to ${LEGAL_BASIS_LENGTH.max} characters`,
  })
  legalBasis!: string;

  @ApiPropertyOptional({ description: 'The day the change takes effect (YYYY-MM-DD); defaults to today', example: '2020-03-02' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn?: string;
}

/** Extending a legal clock: by how long, on which legal ground. */
export class ExtendClockDto extends ClockChangeDto {
  @ApiProperty({ description: 'How much later the deadline falls: an ISO 8601 duration in years, months, weeks or days', example: 'P6M' })
  @IsString()
  @ValidateBy({
    name: 'isPositiveCalendarDuration',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isPositiveCalendarDuration(value),
      defaultMessage: () => 'duration must be an ISO 8601 duration of years, months, weeks or days greater than zero, such as P6M',
    },
  })
  duration!: string;
}

/**
 * Stopping a legal clock for good: the decision that ends the duty the clock measures (DUO's
 * exemption ends the inburgering duty), on which legal ground, from which day.
 */
export class StopClockDto extends ClockChangeDto {
  @ApiPropertyOptional({
    description:
      "Which of the clock's stopping decisions this is: a milestone its definition stops the clock on that records a legal basis. Left out when the clock has only one",
    example: 'inburgering.exemptionGranted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  milestone?: string;
}

function isPositiveCalendarDuration(value: string): boolean {
  if (!isValidDuration(value) || !isCalendarDuration(value)) return false;
  const { years, months, weeks, days } = parseDuration(value);
  return years + months + weeks + days > 0;
}
