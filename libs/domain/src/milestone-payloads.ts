/**
 * Typed milestone payloads: what a milestone may carry, field by field. One description per
 * milestone (the catalogue, or a definition's own) is read by the API's OpenAPI document, the
 * workflow's Update validator and the definition validator, so all three refuse the same things.
 * Undeclared fields are refused: a payload lands in the append-only event history, where personal
 * data could never be erased.
 *
 *   const problems = milestonePayloadProblems({ route: { type: 'string', required: true, values: ['werk', 'onderwijs'] } }, { route: 'work' });
 *   // [{ field: 'payload.route', message: "must be one of werk, onderwijs" }]
 */
import { isValidCalendarDate, isValidDuration } from '@wegwijs/calendar';

export type PayloadFieldType = 'date' | 'string' | 'number' | 'boolean' | 'duration';

export interface PayloadFieldSchema {
  readonly type: PayloadFieldType;
  /** A report without it is refused. Default false. */
  readonly required?: boolean;
  /** A closed set of values (strings only). */
  readonly values?: readonly string[];
  readonly description?: string;
  /** Free text is bounded: strings default to at most 200 characters. */
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

export type MilestonePayloadSchema = Readonly<Record<string, PayloadFieldSchema>>;

export type PayloadValue = string | number | boolean | null;

export interface PayloadProblem {
  /** `payload.<field>`, or `payload` for the whole. */
  readonly field: string;
  readonly message: string;
}

const DEFAULT_MAX_STRING_LENGTH = 200;

/** Every problem of a payload against its schema; empty when it fits. Never echoes a value. */
export function milestonePayloadProblems(schema: MilestonePayloadSchema | undefined, payload: unknown): PayloadProblem[] {
  const fields = schema ?? {};
  if (payload === undefined || payload === null) payload = {};
  if (typeof payload !== 'object' || Array.isArray(payload)) return [{ field: 'payload', message: 'payload must be an object' }];
  const given = payload as Record<string, unknown>;
  const problems: PayloadProblem[] = [];
  for (const name of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(fields, name)) {
      const known = Object.keys(fields);
      problems.push({ field: `payload.${name}`, message: `is not a field of this milestone${known.length ? ` (fields: ${known.join(', ')})` : ' (it carries no payload)'}` });
    }
  }
  for (const [name, field] of Object.entries(fields)) {
    const problem = payloadValueProblem(field, given[name]);
    if (problem) problems.push({ field: `payload.${name}`, message: problem });
  }
  return problems;
}

/** What is wrong with one value for its field, or undefined. */
export function payloadValueProblem(field: PayloadFieldSchema, value: unknown): string | undefined {
  if (value === undefined || value === null) return field.required ? `is required (${describeType(field)})` : undefined;
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') return 'must be true or false';
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
      return undefined;
    case 'date':
      return isValidCalendarDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'duration':
      return isValidDuration(value) ? undefined : 'must be an ISO 8601 duration such as P6M';
    case 'string': {
      if (typeof value !== 'string') return 'must be text';
      if (field.values) return field.values.includes(value) ? undefined : `must be one of ${field.values.join(', ')}`;
      const max = field.maxLength ?? DEFAULT_MAX_STRING_LENGTH;
      if (value.length > max) return `must be at most ${max} characters`;
      if (field.minLength !== undefined && value.trim().length < field.minLength) return `must be at least ${field.minLength} characters`;
      return undefined;
    }
  }
}

function describeType(field: PayloadFieldSchema): string {
  if (field.values) return `one of ${field.values.join(', ')}`;
  return { boolean: 'true or false', number: 'a number', date: 'a date YYYY-MM-DD', duration: 'an ISO 8601 duration', string: 'text' }[field.type];
}

/** The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a payload: for the API's document and clients. */
export function milestonePayloadJsonSchema(schema: MilestonePayloadSchema | undefined): Record<string, unknown> {
  const fields = Object.entries(schema ?? {});
  const properties = Object.fromEntries(
    fields.map(([name, field]) => {
      const base: Record<string, unknown> = field.description ? { description: field.description } : {};
      switch (field.type) {
        case 'boolean':
          return [name, { ...base, type: 'boolean' }];
        case 'number':
          return [name, { ...base, type: 'number', ...(field.minimum !== undefined ? { minimum: field.minimum } : {}), ...(field.maximum !== undefined ? { maximum: field.maximum } : {}) }];
        case 'date':
          return [name, { ...base, type: 'string', format: 'date' }];
        case 'duration':
          return [name, { ...base, type: 'string', format: 'duration', example: 'P6M' }];
        case 'string':
          return [
            name,
            field.values
              ? { ...base, type: 'string', enum: [...field.values] }
              : { ...base, type: 'string', maxLength: field.maxLength ?? DEFAULT_MAX_STRING_LENGTH, ...(field.minLength !== undefined ? { minLength: field.minLength } : {}) },
          ];
      }
    }),
  );
  const required = fields.filter(([, field]) => field.required).map(([name]) => name);
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/** Keeps only declared fields (for reading payloads recorded before they were checked). */
export function declaredPayload(schema: MilestonePayloadSchema | undefined, payload: Readonly<Record<string, PayloadValue>> | undefined): Record<string, PayloadValue> {
  return Object.fromEntries(Object.entries(payload ?? {}).filter(([name]) => Object.prototype.hasOwnProperty.call(schema ?? {}, name)));
}
