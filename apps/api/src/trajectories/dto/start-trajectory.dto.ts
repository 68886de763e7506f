import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { HistoryRowDto } from './history-row.dto';

export class StartTrajectoryDto {
  @ApiProperty({ description: 'CBS code of the municipality responsible for the person', example: 'GM0392' })
  @IsString()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a CBS code such as GM0392' })
  municipality!: string;

  @ApiProperty({
    description: "The municipality's own case number. Never a name or citizen service number (BSN).",
    example: 'HLM-2019-0042',
  })
  @IsString()
  caseReference!: string;

  @ApiProperty({ description: 'Key of the published trajectory definition to run', example: 'walking-skeleton' })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: 'definitionKey must be lower-case letters, digits and dashes' })
  definitionKey!: string;

  @ApiProperty({
    description: "Initial facts the definition declares, dates as YYYY-MM-DD",
    example: { housingDate: '2019-08-31' },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  facts!: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({
    description: 'The pseudonymous id of the person (POST /people) the trajectory is for: registered in this municipality, not linked yet',
    example: '5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11',
  })
  @IsOptional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;

  @ApiPropertyOptional({
    description:
      'Milestones that already happened, for a case brought in mid-term: applied in business-date order before any side effect runs; what fell due since then runs once, at once. Each row is checked on its own (422 naming history[i].<field>).',
    type: [HistoryRowDto],
    example: [
      { milestone: 'coa.warmHandoverDone', occurredOn: '2019-09-03' },
      { milestone: 'basis.budgetManagementConsentRecorded', occurredOn: '2019-09-10', payload: { consent: true } },
    ],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => HistoryRowDto)
  history?: HistoryRowDto[];
}
