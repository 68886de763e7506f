import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { PublicRoute } from '../identity/public-route.decorator';
import { TEMPORAL_CLIENT } from '../infrastructure/tokens';

type Check = 'up' | 'down';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly checks: { readonly database: Check; readonly temporal: Check };
}

const CHECK_TIMEOUT_MS = 3000;

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'It does', schema: { type: 'object', example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @ApiOperation({
    summary: 'Readiness: whether PostgreSQL and Temporal are reachable',
    description: 'The readiness probe (there is no separate /health/ready): the API can serve requests when both answer within 3 s.',
  })
  @ApiOkResponse({ description: 'Both reachable', schema: { type: 'object', example: { status: 'ok', checks: { database: 'up', temporal: 'up' } } } })
  @ApiServiceUnavailableResponse({
    description: 'At least one is not reachable; the body says which',
    schema: { type: 'object', example: { status: 'degraded', checks: { database: 'up', temporal: 'down' } } },
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
    ]);
    const status = database === 'up' && temporal === 'up' ? 'ok' : 'degraded';
    response.status(status === 'ok' ? 200 : 503);
    return { status, checks: { database, temporal } };
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
