import type { Payload } from '@temporalio/common';
import { ProblemException } from '../problem-details/problem.exception';
import type { FieldProblem } from '../problem-details/problem-types';

/** A payload in Temporal's remote-codec JSON: proto3 JSON, so every `bytes` field is base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

export interface CodecBody {
  payloads: JsonPayload[];
}

/** The Web UI sends the payloads of one event or one page; more than this is not a UI asking. */
const MAX_PAYLOADS = 1000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads `{ payloads: [{ metadata: {name: base64}, data: base64 }] }`; throws a 422 problem naming
 * every offending field (never its value: it may be a decrypted name).
 */
export function parseCodecBody(body: unknown): Payload[] {
  const problems: FieldProblem[] = [];
  const payloads = (body as { payloads?: unknown } | undefined)?.payloads;
  if (!Array.isArray(payloads) || payloads.length > MAX_PAYLOADS) {
    throw ProblemException.invalidFields([{ field: 'payloads', message: `must be an array of at most ${MAX_PAYLOADS} payloads` }]);
  }
  const parsed = payloads.map((payload: unknown, index): Payload => {
    const field = `payloads[${index}]`;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      problems.push({ field, message: 'must be an object with metadata and data' });
      return {};
    }
    const { metadata = {}, data = '' } = payload as { metadata?: unknown; data?: unknown };
    const decodedMetadata: Record<string, Uint8Array> = {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      problems.push({ field: `${field}.metadata`, message: 'must be an object of base64 strings' });
    } else {
      for (const [name, value] of Object.entries(metadata)) {
        if (typeof value === 'string' && BASE64.test(value)) decodedMetadata[name] = Buffer.from(value, 'base64');
        else problems.push({ field: `${field}.metadata.${name}`, message: 'must be base64' });
      }
    }
    if (typeof data !== 'string' || !BASE64.test(data)) problems.push({ field: `${field}.data`, message: 'must be base64' });
    return { metadata: decodedMetadata, data: typeof data === 'string' ? Buffer.from(data, 'base64') : new Uint8Array() };
  });
  if (problems.length > 0) throw ProblemException.invalidFields(problems);
  return parsed;
}

export function toCodecBody(payloads: readonly Payload[]): CodecBody {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, base64(value)])),
      data: base64(payload.data),
    })),
  };
}

function base64(bytes: Uint8Array | null | undefined): string {
  return bytes ? Buffer.from(bytes).toString('base64') : '';
}
