/** Reading a service task's mapped input; a missing or malformed value is the definition's bug, reported without personal data. */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { amsterdamDateOf } from '@wegwijs/calendar';
import { businessFailure } from './failures';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function requiredDate(request: ServiceTaskRequest, name: string): string {
  const value = request.input[name];
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) throw invalidInput(request, name, 'a YYYY-MM-DD date');
  return value;
}

export function optionalDate(request: ServiceTaskRequest, name: string): string | undefined {
  return request.input[name] === undefined || request.input[name] === null ? undefined : requiredDate(request, name);
}

export function requiredString(request: ServiceTaskRequest, name: string): string {
  const value = request.input[name];
  if (typeof value !== 'string' || value.trim() === '') throw invalidInput(request, name, 'a non-empty string');
  return value;
}

export function optionalString(request: ServiceTaskRequest, name: string): string | undefined {
  return request.input[name] === undefined || request.input[name] === null ? undefined : requiredString(request, name);
}

export function optionalBoolean(request: ServiceTaskRequest, name: string): boolean | undefined {
  const value = request.input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidInput(request, name, 'a boolean');
  return value;
}

function invalidInput(request: ServiceTaskRequest, name: string, expected: string) {
  return businessFailure('InvalidActivityInput', `Node ${request.nodeId} must pass input ${name} as ${expected}`);
}

/**
 * The business date the step is for: dates an activity computes count from it, so a step run late
 * (the case was entered late) dates things as it would have on time. Requests from before business
 * time carry none: then it is the day the activity runs.
 */
export function businessDateOf(request: ServiceTaskRequest, now: () => Date): string {
  return request.businessDate ?? amsterdamDateOf(now());
}
