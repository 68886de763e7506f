import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class ReassignCaseDto {
  @ApiProperty({ description: 'Pseudonymous id of the klantmanager who takes the case over', example: 'km-0011' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.@:-]{1,128}$/, { message: 'klantmanagerId must be a pseudonymous id (letters, digits, _.@:-)' })
  klantmanagerId!: string;

  @ApiProperty({ description: 'Why the case moves (no personal data)', example: 'klantmanager met verlof; caseload verdeeld' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
