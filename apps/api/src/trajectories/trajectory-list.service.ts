import { Injectable } from '@nestjs/common';
import { calendarDateInAmsterdam } from '@wegwijs/definitions/runtime';
import { listTrajectorySummaries, type TrajectoryListItem } from '@wegwijs/read-models';
import { DataSource } from 'typeorm';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { TrajectoryAccess } from '../identity/trajectory-access';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { TRAJECTORY_LIST_LIMIT, type ListTrajectoriesQuery } from './dto/list-trajectories.query';

export interface TrajectoryList {
  readonly items: readonly TrajectoryListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
  readonly limit: number;
}

/**
 * Lists trajectories from the summary read model, which the worker's projector keeps a few
 * hundred milliseconds behind the event store. Within the caller's scope — their municipalities,
 * and for a klantmanager their own caseload — and every listed trajectory goes into the access log.
 */
@Injectable()
export class TrajectoryListService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TrajectoryAccess,
  ) {}

  async list(query: ListTrajectoriesQuery, actor: AuthenticatedActor): Promise<TrajectoryList> {
    const scope = this.access.scopeFor(actor);
    if (query.municipality && !scope.municipalities.includes(query.municipality)) {
      throw new ProblemException(ProblemType.outsideMunicipality, `Municipality ${query.municipality} is not among yours`);
    }
    if (scope.clientManagerId && query.clientManager && query.clientManager !== scope.clientManagerId) {
      throw new ProblemException(ProblemType.outsideCaseload, 'A klantmanager lists only their own caseload');
    }
    const limit = query.limit ?? TRAJECTORY_LIST_LIMIT.default;
    const page = await listTrajectorySummaries(this.dataSource, {
      municipalities: query.municipality ? [query.municipality] : scope.municipalities,
      clientManagerId: scope.clientManagerId ?? query.clientManager,
      phase: query.phase,
      waitingOn: query.waitingOn,
      status: query.status,
      overdue: query.overdue,
      today: calendarDateInAmsterdam(Date.now()),
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit,
    });
    await this.access.logListing(actor, 'trajectories.list', page.items.map((item) => item.trajectoryId));
    const last = page.items[page.items.length - 1];
    return { items: page.items, nextCursor: page.hasMore && last ? encodeCursor(last.trajectoryId) : null, limit };
  }
}

/** The cursor is the last listed trajectory id, opaque to clients so the paging rule may change. */
function encodeCursor(trajectoryId: string): string {
  return Buffer.from(trajectoryId, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const trajectoryId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^GM\d{4}\.[A-Za-z0-9-]+$/.test(trajectoryId)) {
    throw ProblemException.invalidFields([{ field: 'cursor', message: "must be a previous page's nextCursor" }]);
  }
  return trajectoryId;
}
