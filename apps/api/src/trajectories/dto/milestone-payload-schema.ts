/**
 * The OpenAPI description of a milestone report's payload, from the one typed catalogue the
 * workflow validates against (libs/domain): one alternative per shape of payload, each titled with
 * the milestones that carry it.
 */
import { MILESTONE_CAPABILITIES, milestonePayloadJsonSchema } from '@wegwijs/domain';

export function milestonePayloadOpenApiSchema(): Record<string, unknown> {
  const byShape = new Map<string, { schema: Record<string, unknown>; milestones: string[] }>();
  for (const [milestone, description] of Object.entries(MILESTONE_CAPABILITIES)) {
    const schema = milestonePayloadJsonSchema(description.payload);
    const shape = JSON.stringify(schema);
    const entry = byShape.get(shape) ?? { schema, milestones: [] };
    entry.milestones.push(milestone);
    byShape.set(shape, entry);
  }
  return {
    type: 'object',
    description:
      'The fields the milestone declares, and only those (a value outside a closed set, or an undeclared field, is refused with 422 naming payload.<field>). ' +
      'Each alternative lists the milestones it belongs to; the state of a trajectory (expectedMilestones) gives the schema of each milestone expected now. ' +
      "A milestone a definition declares itself has the payload GET /capabilities lists for it (the last alternative stands for those).",
    anyOf: [
      ...[...byShape.values()].map(({ schema, milestones }) => ({ ...schema, title: milestones.join(', ') })),
      { type: 'object', title: "a definition's own milestone: see GET /capabilities", additionalProperties: { type: ['string', 'number', 'boolean'] } },
    ],
  };
}
