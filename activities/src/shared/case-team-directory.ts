/**
 * The professionals around a trajectory: which klantmanager holds regie, and where the teams
 * (Vluchtelingenwerk, Sociaal Wijkteam, taalschool, supervisors) receive mail. Addresses are
 * looked up when a message is delivered, not stored with it.
 *
 *   const klantmanager = await team.klantmanagerFor(trajectoryId); // { userId: 'km-0007' } or undefined
 *   const address = await team.addressFor(trajectoryId, 'wijkteam');
 */
import type { NotificationAudience } from '@wegwijs/domain';

export type ProfessionalAudience = Exclude<NotificationAudience, 'person'>;

export abstract class CaseTeamDirectory {
  /** The klantmanager's pseudonymous user id, when one is assigned; tasks then go to them, else to the team. */
  abstract klantmanagerFor(trajectoryId: string): Promise<{ userId: string } | undefined>;

  /** The e-mail address of a professional audience for this trajectory, or undefined when none is known. */
  abstract addressFor(trajectoryId: string, audience: ProfessionalAudience): Promise<string | undefined>;
}

/**
 * Development stand-in: one klantmanager and one functional mailbox per audience for every
 * trajectory, from the worker's start-up. Not for production — real case assignment comes from
 * the municipality's case system.
 */
export class StaticCaseTeamDirectoryDevelopmentStandIn extends CaseTeamDirectory {
  constructor(
    private readonly addresses: Readonly<Partial<Record<ProfessionalAudience, string>>>,
    private readonly klantmanagerUserId?: string,
  ) {
    super();
  }

  async klantmanagerFor(): Promise<{ userId: string } | undefined> {
    return this.klantmanagerUserId ? { userId: this.klantmanagerUserId } : undefined;
  }

  async addressFor(_trajectoryId: string, audience: ProfessionalAudience): Promise<string | undefined> {
    return this.addresses[audience];
  }
}
