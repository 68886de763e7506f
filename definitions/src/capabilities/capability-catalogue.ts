/**
 * What a definition can refer to, listed for the people who write one: every activity with its
 * typed inputs and result, every milestone (the catalogue's and each definition's own) with its
 * roles and payload as JSON Schema, and every role — built in, or declared by a definition — with
 * its team and the milestones it may signal. The CLI
 * (`wegwijs capabilities`) and the API (`GET /capabilities`) print this one listing.
 *
 *   const catalogue = capabilityCatalogue(registry, [compiledParticipation]);
 *   catalogue.milestones.find((m) => m.name === 'checkIn.held'); // { source: 'participatie@1', roles: ['jobcoach'], payload: {…} }
 */
import { ACTOR_ROLES, milestonePayloadJsonSchema, teamOfRole, type MilestonePayloadSchema } from '@wegwijs/domain';
import type { CompiledDefinition } from '../runtime';
import type { CapabilityRegistry } from '../validate/capability-registry';

export interface ActivityListing {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the `input` mapping; null when the activity does not declare its inputs. */
  readonly inputs: Record<string, unknown> | null;
  /** JSON Schema of the result (`result.<field>` in output mappings); null when not declared. */
  readonly result: Record<string, unknown> | null;
  /** The business errors it may raise (code → when), which an error boundary event can catch. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface MilestoneListing {
  readonly name: string;
  readonly description: string;
  /** Roles that may signal it; empty: any role a step names. */
  readonly roles: readonly string[];
  /** JSON Schema of its payload. */
  readonly payload: Record<string, unknown>;
  /** `catalogue`, or the `key@version` of the definition that declares it. */
  readonly source: string;
}

export interface RoleListing {
  /** The role's id, as tokens and definitions write it (`klantmanager`, `jobcoach`). */
  readonly name: string;
  /** What people call it: the declaration's name (built-in roles: their id). */
  readonly title: string;
  readonly description?: string;
  /** The team whose worklist its tasks land in; null for roles without tasks (beleid, admin, system). */
  readonly team: string | null;
  /** `built-in`, or the `key@version` of the definition that declares it (one listing per declaring version). */
  readonly source: string;
  /** The milestones it may signal, by name. */
  readonly milestones: readonly string[];
}

export interface CapabilityCatalogue {
  readonly activities: readonly ActivityListing[];
  readonly milestones: readonly MilestoneListing[];
  readonly roles: readonly RoleListing[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

function fieldsSchema(fields: MilestonePayloadSchema | undefined, open = false): Record<string, unknown> | null {
  if (!fields) return null;
  const schema = milestonePayloadJsonSchema(fields);
  return open ? { ...schema, additionalProperties: true } : schema;
}

export function capabilityCatalogue(registry: CapabilityRegistry, definitions: readonly CompiledDefinition[] = []): CapabilityCatalogue {
  const activities = Object.entries(registry.activities)
    .map(([name, activity]) => ({ name, description: activity.description, inputs: fieldsSchema(activity.inputs, activity.additionalInputs), result: fieldsSchema(activity.result), errors: { ...(activity.errors ?? {}) } }))
    .sort(byName);
  const milestones: MilestoneListing[] = Object.entries(registry.milestones).map(([name, milestone]) => ({
    name,
    description: milestone.description,
    roles: [...(milestone.roles ?? [])],
    payload: milestonePayloadJsonSchema(milestone.payload),
    source: 'catalogue',
  }));
  for (const definition of definitions) {
    for (const [name, milestone] of Object.entries(definition.milestones ?? {})) {
      milestones.push({ name, description: milestone.description, roles: [...milestone.roles], payload: milestonePayloadJsonSchema(milestone.payload), source: `${definition.key}@${definition.version}` });
    }
  }
  milestones.sort((a, b) => byName(a, b) || a.source.localeCompare(b.source));
  const signalledBy = new Map<string, Set<string>>();
  for (const milestone of milestones) {
    for (const role of milestone.roles) signalledBy.set(role, (signalledBy.get(role) ?? new Set()).add(milestone.name));
  }
  const signals = (role: string) => [...(signalledBy.get(role) ?? [])].sort();
  const roles: RoleListing[] = ACTOR_ROLES.map((name) => ({ name, title: name, team: teamOfRole(name) ?? null, source: 'built-in', milestones: signals(name) }));
  for (const definition of definitions) {
    for (const [name, role] of Object.entries(definition.roles ?? {})) {
      roles.push({ name, title: role.name, ...(role.description ? { description: role.description } : {}), team: role.team, source: `${definition.key}@${definition.version}`, milestones: signals(name) });
    }
  }
  roles.sort((a, b) => byName(a, b) || a.source.localeCompare(b.source));
  return { activities, milestones, roles };
}

/** The catalogue as text for a terminal: one block per activity, milestone and role. */
export function formatCapabilityCatalogue(catalogue: CapabilityCatalogue): string {
  const fields = (schema: Record<string, unknown> | null) => {
    if (!schema) return 'not declared';
    const properties = Object.entries((schema.properties ?? {}) as Record<string, { type?: string; format?: string; enum?: string[] }>);
    const required = (schema.required ?? []) as string[];
    if (properties.length === 0) return schema.additionalProperties === true ? 'any' : 'none';
    const listed = properties.map(([name, field]) => `${name}${required.includes(name) ? '*' : ''}: ${field.enum ? field.enum.join('|') : field.format ?? field.type}`).join(', ');
    return schema.additionalProperties === true ? `${listed}, …` : listed;
  };
  const lines = ['Activities (service tasks; * = required input)'];
  for (const activity of catalogue.activities) {
    lines.push(`  ${activity.name} — ${activity.description}`, `      input: ${fields(activity.inputs)}`, `      result: ${fields(activity.result)}`);
    // The business errors an error event may catch by code.
    const errors = Object.entries(activity.errors);
    if (errors.length > 0) lines.push(`      errors: ${errors.map(([code, when]) => `${code} (${when})`).join(', ')}`);
  }
  lines.push('', 'Milestones (milestoneWait, milestone boundary events, legal clocks)');
  for (const milestone of catalogue.milestones) {
    lines.push(
      `  ${milestone.name}${milestone.source === 'catalogue' ? '' : ` [${milestone.source}]`} — ${milestone.description}`,
      `      roles: ${milestone.roles.join(', ') || 'any'}; payload: ${fields(milestone.payload)}`,
    );
  }
  lines.push('', 'Roles (human task role, escalate.to, lanes, milestone roles; access tokens)');
  for (const role of catalogue.roles) {
    const declared = role.source === 'built-in' ? '' : ` [${role.source}] ${role.title}${role.description ? ` — ${role.description}` : ''}`;
    lines.push(`  ${role.name}${declared}`, `      team: ${role.team ?? 'none (no tasks)'}; milestones: ${role.milestones.join(', ') || 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}
