// Development stand-in until the lead's TrajectoryAccess lands on main (same interface); replaced at the merge.
import { Injectable } from '@nestjs/common';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { AuthenticatedActor } from './authenticated-actor';

export interface TrajectoryAccessRequest {
  readonly action: 'read' | 'change';
  readonly operation: string;
  readonly assignedToActor?: boolean;
}

export interface TrajectoryScope {
  readonly municipalities: readonly string[];
  readonly clientManagerId?: string;
}

@Injectable()
export class TrajectoryAccess {
  async authorize(actor: AuthenticatedActor, trajectoryId: string, _request: TrajectoryAccessRequest): Promise<void> {
    if (!actor.municipalities.includes(trajectoryId.split('.')[0])) {
      throw new ProblemException(ProblemType.trajectoryNotFound, `No trajectory ${trajectoryId} in your municipalities`);
    }
  }

  async authorizeMunicipality(actor: AuthenticatedActor, municipality: string, _request: { action: string; operation: string }): Promise<void> {
    if (!actor.municipalities.includes(municipality)) throw new ProblemException(ProblemType.outsideMunicipality, `Municipality ${municipality} is not among yours`);
  }

  scopeFor(actor: AuthenticatedActor): TrajectoryScope {
    return actor.role === 'klantmanager' ? { municipalities: actor.municipalities, clientManagerId: actor.id } : { municipalities: actor.municipalities };
  }

  async logListing(_actor: AuthenticatedActor, _operation: string, _trajectoryIds: readonly string[]): Promise<void> {}
}
