import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { missingDependency } from './dependency-unavailable';

/** An error shaped as grpc-js makes them (what the Temporal client wraps). */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('missingDependency', () => {
  it('reads an unreachable, overloaded or failing Temporal frontend as temporal', () => {
    expect(missingDependency(new ServiceError('Failed to query workflow', { cause: grpcError(14, 'No connection established') }))).toBe('temporal');
    expect(missingDependency(new ServiceError('Failed to query Workflow', { cause: grpcError(13, 'shard not ready') }))).toBe('temporal');
    expect(missingDependency(new ServiceError('Failed to query Workflow', { cause: grpcError(8, 'namespace rate limit exceeded') }))).toBe('temporal');
  });

  it('reads a call that ran out of time waiting for a worker as worker', () => {
    expect(missingDependency(new ServiceError('Failed to query workflow', { cause: grpcError(4, 'Deadline exceeded') }))).toBe('worker');
    expect(missingDependency(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out', { cause: grpcError(4, 'Deadline exceeded') }))).toBe('worker');
    expect(missingDependency(new ServiceError('Failed to query Workflow', { cause: grpcError(9, 'no poller seen for task queue recently, worker may be down') }))).toBe('worker');
  });

  it('reads refused connections and PostgreSQL shutting down as database, also inside TypeORM errors', () => {
    expect(missingDependency(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe('database');
    expect(missingDependency(new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')))).toBe('database');
    expect(missingDependency(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(missingDependency(pgError('08006', 'connection failure'))).toBe('database');
  });

  it('leaves every other error alone: those are bugs, answered 500 and logged', () => {
    expect(missingDependency(new Error('Cannot read properties of undefined'))).toBeUndefined();
    expect(missingDependency(new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value violates unique constraint')))).toBeUndefined();
    expect(missingDependency(new ServiceError('Failed', { cause: grpcError(3, 'invalid argument') }))).toBeUndefined();
    expect(missingDependency(new ServiceError('Failed', { cause: grpcError(9, 'workflow execution already completed') }))).toBeUndefined();
    expect(missingDependency('not an error')).toBeUndefined();
  });
});
