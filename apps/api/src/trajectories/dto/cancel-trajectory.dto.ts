import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CancelTrajectoryDto {
  @ApiProperty({ description: 'Why the trajectory ends early (no personal data)', example: 'verhuisd naar andere gemeente' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
