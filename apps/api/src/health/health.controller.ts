import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { WORKER_SILENT_AFTER_SECONDS, WorkerHeartbeats } from '@wegwijs/persistence';
import { DataSource } from 'typeorm';
import { PublicRoute } from '../identity/public-route.decorator';
import { TEMPORAL_CLIENT, WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';

/** `unknown`: the worker's heartbeats are in the database, which did not answer. */
type Check = 'up' | 'down' | 'unknown';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: { readonly database: Check; readonly temporal: Check; readonly worker: Check };
}

const CHECK_TIMEOUT_MS = 3000;

/** The report's schema, with an example: every check is `up`, `down` or `unknown`. */
function HEALTH_REPORT_SCHEMA(status: HealthReport['status'], example: Check) {
  const check = { type: 'string', enum: ['up', 'down', 'unknown'] };
  return {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      checks: { type: 'object', required: ['database', 'temporal', 'worker'], properties: { database: check, temporal: check, worker: check } },
    },
    example: { status, checks: { database: 'up', temporal: 'up', worker: example } },
  };
}

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'It does', schema: { type: 'object', example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @ApiOperation({
    summary: 'Readiness: whether PostgreSQL, Temporal and a worker are there',
    description:
      'The readiness probe (there is no separate /health/ready): the API can serve requests when PostgreSQL and Temporal answer ' +
      `within 3 s and a worker of its task queue was seen polling in the last ${WORKER_SILENT_AFTER_SECONDS} s (a worker's heartbeat is in the database: ` +
      '`unknown` when that did not answer). Calls that need a missing part answer 503 meanwhile.',
  })
  @ApiOkResponse({ description: 'All there', schema: HEALTH_REPORT_SCHEMA('ok', 'up') })
  @ApiServiceUnavailableResponse({ description: 'At least one is missing; the body says which', schema: HEALTH_REPORT_SCHEMA('degraded', 'down') })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const [database, temporal, workerSeen] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
      probe(async () => {
        if (!(await new WorkerHeartbeats(this.dataSource).anySeenWithin(this.config.temporal.taskQueue, WORKER_SILENT_AFTER_SECONDS))) throw new Error('no worker');
      }),
    ]);
    const worker: Check = database === 'up' ? workerSeen : 'unknown';
    const status = database === 'up' && temporal === 'up' && worker === 'up' ? 'ok' : 'degraded';
    response.status(status === 'ok' ? 200 : 503);
    return { status, checks: { database, temporal, worker } };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
