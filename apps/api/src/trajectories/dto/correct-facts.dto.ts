import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';

export class CorrectFactsDto {
  @ApiProperty({ description: 'The facts with their right values', example: { housingDate: '2019-09-14' }, type: 'object', additionalProperties: true })
  @IsObject()
  facts!: Record<string, string | number | boolean | null>;

  @ApiProperty({ description: 'Why they were wrong; kept in the history (no personal data)', example: 'verkeerde datum overgenomen uit TVS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
