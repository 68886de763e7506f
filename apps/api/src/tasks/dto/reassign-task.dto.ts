import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLE_ID_MAX_LENGTH, ROLE_ID_PATTERN, type TaskTeam } from '@wegwijs/domain';
import { IsOptional, Matches, MaxLength } from 'class-validator';

export class ReassignTaskDto {
  @ApiProperty({
    type: String,
    description: "A built-in team (klantmanagers, vluchtelingenwerk, wijkteam, schulddienstverlening, supervisors) or a declared role's team",
    pattern: ROLE_ID_PATTERN,
    example: 'klantmanagers',
  })
  @MaxLength(ROLE_ID_MAX_LENGTH, { message: `team must be at most ${ROLE_ID_MAX_LENGTH} characters` })
  @Matches(new RegExp(ROLE_ID_PATTERN), { message: 'team must be a team name: lower case letters, digits and hyphens' })
  team!: TaskTeam;

  @ApiPropertyOptional({ description: 'Pseudonymous user id within the team; omit to leave it to the team', example: 'km-0012' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'userId must be a pseudonymous user id' })
  userId?: string;
}
