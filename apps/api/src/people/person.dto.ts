/**
 * The person record over HTTP. Every message names the field and the rule, never the value:
 * validation errors reach clients and logs, and these values are personal data.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { passesElevenTest } from '@wegwijs/domain';
import { IsEmail, IsISO6391, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** A burgerservicenummer: nine digits that pass the eleven test. */
function IsBsn(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isBsn', validator: { validate: (value) => typeof value === 'string' && /^\d{9}$/.test(value) && passesElevenTest(value) } }, options);
}

/** A real calendar date YYYY-MM-DD, not in the future. */
function IsPastDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPastDate',
      validator: {
        validate: (value) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const date = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= '1900-01-01' && date.getTime() <= Date.now();
        },
      },
    },
    options,
  );
}

const PHONE = /^\+?[0-9][0-9 ()-]{5,19}$/;

export class RegisterPersonDto {
  @ApiProperty({ description: 'CBS code of the municipality responsible for the person', example: 'GM0392' })
  @IsString()
  @Matches(/^GM\d{4}$/, { message: 'municipality must be a CBS code such as GM0392' })
  municipality!: string;

  @ApiProperty({ description: 'Full name as in the BRP', example: 'Amina Tesfay' })
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;

  @ApiProperty({ description: 'Burgerservicenummer: 9 digits passing the eleven test', example: '111222333' })
  @IsBsn({ message: 'bsn must be 9 digits that pass the eleven test' })
  bsn!: string;

  @ApiProperty({ description: 'Date of birth, YYYY-MM-DD', example: '1994-03-17' })
  @IsPastDate({ message: 'birthDate must be a calendar date YYYY-MM-DD, not in the future' })
  birthDate!: string;

  @ApiPropertyOptional({ description: 'E-mail address for messages to the person; null when they have none', example: 'amina@example.org', type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email?: string | null;

  @ApiPropertyOptional({ description: 'Phone number', example: '+31 6 12345678', type: String, nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 6 to 20 digits, spaces or +()-' })
  phone?: string | null;

  @ApiProperty({ description: "ISO 639-1 code of the person's own language", example: 'ti' })
  @IsISO6391({ message: 'language must be an ISO 639-1 code such as nl, ar or ti' })
  language!: string;
}

/** Corrects contact details; a field left out stays as it is, `null` removes e-mail or phone. */
export class CorrectContactDto {
  @ApiPropertyOptional({ example: 'amina.t@example.org', type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email?: string | null;

  @ApiPropertyOptional({ example: '+31 6 87654321', type: String, nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be 6 to 20 digits, spaces or +()-' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'ar', description: 'Left out: unchanged; never null, since every person has a language' })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsISO6391({ message: 'language must be an ISO 639-1 code such as nl, ar or ti' })
  language?: string;
}

export class RegisteredPerson {
  @ApiProperty({ description: 'The pseudonymous id by which everything else refers to the person', example: '5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11' })
  personId!: string;
}

export class PersonView {
  @ApiProperty({ example: '5b0e3c1a-6f1e-4c57-9d7e-2b8f0f6a9c11' })
  personId!: string;
  @ApiProperty({ example: 'GM0392' })
  municipality!: string;
  @ApiProperty({ example: 'GM0392.HLM-2019-0042', type: String, nullable: true })
  trajectoryId!: string | null;
  @ApiProperty({ example: 'Amina Tesfay' })
  name!: string;
  @ApiProperty({ example: '111222333' })
  bsn!: string;
  @ApiProperty({ example: '1994-03-17' })
  birthDate!: string;
  @ApiProperty({ example: 'amina@example.org', type: String, nullable: true })
  email!: string | null;
  @ApiProperty({ example: '+31 6 12345678', type: String, nullable: true })
  phone!: string | null;
  @ApiProperty({ example: 'ti' })
  language!: string;
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty()
  updatedAt!: Date;
}
