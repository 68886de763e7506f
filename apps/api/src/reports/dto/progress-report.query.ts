import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProgressReportQuery {
  @ApiProperty({ description: 'First day of the period (YYYY-MM-DD, Europe/Amsterdam)', example: '2018-01-01' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ description: 'Last day of the period and the reference date (peildatum)', example: '2019-03-31' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ description: 'CBS codes, comma-separated, each one of yours; default all of yours', example: 'GM0392,GM0473' })
  @IsOptional()
  @Matches(/^GM\d{4}(,GM\d{4})*$/, { message: 'municipality must be CBS codes such as GM0392, comma-separated' })
  municipality?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', example: 'csv' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ enum: ['quarter', 'month'], default: 'quarter', description: 'Arrival cohorts by quarter or month of housing' })
  @IsOptional()
  @IsIn(['quarter', 'month'], { message: 'cohort must be quarter or month' })
  cohort?: 'quarter' | 'month';
}
