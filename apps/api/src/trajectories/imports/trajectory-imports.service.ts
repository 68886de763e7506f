/**
 * Bringing in a running caseload: many cases, each a start with the milestones that already
 * happened. A dry run (the default) changes nothing and says per case what its deadlines would be,
 * what would go out at once and which rows are refused; executing starts every case that is not
 * refused. A case is started whole or not at all — a refused row refuses its case, so no
 * trajectory runs on half its history. Importing the same file again changes nothing: each
 * trajectory keeps the digest of the case it was imported from, and a case whose trajectory
 * exists with that digest is `unchanged`; with another, it is a `conflict` to resolve by hand.
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { amsterdamDateOf } from '@wegwijs/calendar';
import { caseReferenceProblem, MUNICIPALITY_CODE_PATTERN, trajectoryIdFor } from '@wegwijs/domain';
import { planStart, type StartPlan } from '@wegwijs/workflows';
import pLimit from 'p-limit';
import { eventActor, type AuthenticatedActor } from '../../identity/authenticated-actor';
import { TrajectoryAccess } from '../../identity/trajectory-access';
import { PeopleService } from '../../people/people.service';
import { ProblemException } from '../../problem-details/problem.exception';
import type { FieldProblem } from '../../problem-details/problem-types';
import type { StartTrajectoryDto } from '../dto/start-trajectory.dto';
import { TrajectoriesService } from '../trajectories.service';
import type { ImportCasesDto } from './import-cases.dto';

export type ImportOutcome = 'would-start' | 'started' | 'unchanged' | 'conflict' | 'refused';

export interface ImportedCase {
  /** Position of the case in the request's `cases`. */
  readonly index: number;
  readonly trajectoryId: string | null;
  readonly outcome: ImportOutcome;
  /** Why it is refused or in conflict; fields as `history[2].occurredOn`, relative to the case. */
  readonly problems: readonly FieldProblem[];
  /** What the trajectory would be (dry run) or is (started): its clocks, waits, what runs at once, its schedule. */
  readonly plan?: Pick<StartPlan, 'clocks' | 'waitingOn' | 'dueNow' | 'schedule' | 'assumptions'>;
}

export interface ImportReport {
  readonly execute: boolean;
  readonly counts: Readonly<Record<ImportOutcome, number>>;
  readonly cases: readonly ImportedCase[];
}

/** Cases checked and started side by side: each start is one Update-with-Start round trip. */
const CASES_AT_ONCE = 4;

@Injectable()
export class TrajectoryImportsService {
  constructor(
    private readonly trajectories: TrajectoriesService,
    private readonly access: TrajectoryAccess,
    private readonly people: PeopleService,
  ) {}

  async import(request: ImportCasesDto, actor: AuthenticatedActor): Promise<ImportReport> {
    const execute = request.execute === true;
    const limit = pLimit(CASES_AT_ONCE);
    const cases = await Promise.all(request.cases.map((importCase, index) => limit(() => this.importCase(importCase, index, execute, actor))));
    const counts: Record<ImportOutcome, number> = { 'would-start': 0, started: 0, unchanged: 0, conflict: 0, refused: 0 };
    for (const imported of cases) counts[imported.outcome]++;
    return { execute, counts, cases };
  }

  private async importCase(importCase: StartTrajectoryDto, index: number, execute: boolean, actor: AuthenticatedActor): Promise<ImportedCase> {
    const trajectoryId =
      caseReferenceProblem(importCase.caseReference) === undefined && MUNICIPALITY_CODE_PATTERN.test(importCase.municipality)
        ? trajectoryIdFor(importCase.municipality, importCase.caseReference)
        : null;
    const refused = (problems: readonly FieldProblem[]): ImportedCase => ({ index, trajectoryId, outcome: 'refused', problems });
    try {
      await this.access.authorizeMunicipality(actor, importCase.municipality, { action: 'change', operation: 'trajectories.import', ...(trajectoryId ? { trajectoryId } : {}) });
      const today = amsterdamDateOf(new Date());
      const { definition, facts } = await this.trajectories.checkStart(importCase, today);
      const history = importCase.history ?? [];
      const plan = planStart(definition, facts, history, today, new Date().toISOString());
      // A row no step would take would be kept aside in the trajectory: in an import it is an error in the file.
      if (plan.unplaced.length > 0) {
        return refused(plan.unplaced.map((row) => ({ field: `history[${row.row}].milestone`, message: `no step takes ${row.milestone} on ${row.occurredOn}: ${row.reason}` })));
      }
      const digest = importDigest(importCase);
      const summary = { clocks: plan.clocks, waitingOn: plan.waitingOn, dueNow: plan.dueNow, schedule: plan.schedule, assumptions: plan.assumptions };
      const existing = await this.trajectories.startedFrom(trajectoryId!);
      if (existing) return this.alreadyThere(index, trajectoryId!, existing.importDigest === digest);
      if (!execute) return { index, trajectoryId, outcome: 'would-start', problems: [], plan: summary };
      try {
        await this.people.linkedDuring(importCase.personId, importCase.municipality, trajectoryId!, () => this.trajectories.start(importCase, eventActor(actor), digest));
      } catch (error) {
        // Another import of the same file got there first: look again.
        const raced = await this.trajectories.startedFrom(trajectoryId!);
        if (raced) return this.alreadyThere(index, trajectoryId!, raced.importDigest === digest);
        throw error;
      }
      return { index, trajectoryId, outcome: 'started', problems: [], plan: summary };
    } catch (error) {
      if (error instanceof ProblemException) {
        const fields = (error.extensions.errors as FieldProblem[] | undefined) ?? [{ field: '', message: error.detail }];
        return refused(fields);
      }
      throw error;
    }
  }

  private alreadyThere(index: number, trajectoryId: string, sameCase: boolean): ImportedCase {
    return sameCase
      ? { index, trajectoryId, outcome: 'unchanged', problems: [] }
      : {
          index,
          trajectoryId,
          outcome: 'conflict',
          problems: [{ field: 'caseReference', message: `trajectory ${trajectoryId} exists already with other facts or history; correct it there, not by importing again` }],
        };
  }
}

/** What makes two imports of a case the same case: everything in it, keys in a fixed order. */
function importDigest(importCase: StartTrajectoryDto): string {
  const canonical = JSON.stringify(sortedKeys({ ...importCase }));
  return createHash('sha256').update(canonical).digest('base64url');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, sortedKeys(entry)]),
    );
  }
  return value;
}
