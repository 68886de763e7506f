/**
 * Pairs each inclusive join with the inclusive split whose branches it waits for. BPMN's inclusive
 * join waits for the tokens that can still arrive; the engine knows them without looking ahead
 * because the pair is fixed when the definition is validated: the join's split is the nearest
 * inclusive split that every incoming branch of the join comes from, and each outgoing flow of
 * that split must lead to exactly one incoming flow of the join (and every incoming flow be led
 * to by exactly one of them). When the split takes some of its flows, the join then counts the
 * others as arrived (workflows/src/engine/nodes/inclusive-gateway.ts).
 *
 *   const pairing = pairInclusiveGateways(scopeNodes, scopeFlows);
 *   pairing.joinOfSplit.get('needs'); // 'needsMet'
 *   pairing.unpaired;                 // [{ joinId, reason }] — the validator reports these
 */

export interface GraphNode {
  readonly id: string;
  readonly kind: string;
  /** For a boundary event: the node it sits on (a token can leave the host through it). */
  readonly hostId?: string | null;
}

export interface GraphFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

export interface InclusivePairing {
  /** Split id → the join that waits for its branches. */
  readonly joinOfSplit: ReadonlyMap<string, string>;
  /** Joins without a split to pair with, and why (one per join). */
  readonly unpaired: ReadonlyArray<{ readonly joinId: string; readonly reason: string }>;
  /** Inclusive gateways with several incoming and several outgoing flows: the language wants two. */
  readonly mixed: readonly string[];
}

const INCLUSIVE = 'inclusiveGateway';

function reach(from: readonly string[], edges: ReadonlyMap<string, readonly string[]>, blocked: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (blocked.has(id)) continue;
    for (const next of edges.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Pairs the inclusive gateways of one scope (a process or a sub-process: flows do not cross scopes). */
export function pairInclusiveGateways(nodes: readonly GraphNode[], flows: readonly GraphFlow[]): InclusivePairing {
  const successors = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  const predecessors = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  const link = (from: string, to: string) => {
    successors.get(from)?.push(to);
    predecessors.get(to)?.push(from);
  };
  for (const flow of flows) link(flow.source, flow.target);
  for (const node of nodes) if (node.hostId) link(node.hostId, node.id);
  const outgoing = (id: string) => flows.filter((flow) => flow.source === id);
  const incoming = (id: string) => flows.filter((flow) => flow.target === id);
  const inclusive = nodes.filter((node) => node.kind === INCLUSIVE);
  const isSplit = (id: string) => outgoing(id).length > 1;

  const joinOfSplit = new Map<string, string>();
  const unpaired: Array<{ joinId: string; reason: string }> = [];
  const mixed = inclusive.filter((node) => incoming(node.id).length > 1 && outgoing(node.id).length > 1).map((node) => node.id);
  const splits = new Set(inclusive.filter((node) => isSplit(node.id) && !mixed.includes(node.id)).map((node) => node.id));

  for (const join of inclusive) {
    const into = incoming(join.id);
    if (into.length < 2 || mixed.includes(join.id)) continue;
    const blockJoin = new Set([join.id]);
    const ancestors = into.map((flow) => reach([flow.source], predecessors, blockJoin));
    const common = [...splits].filter((id) => ancestors.every((set) => set.has(id)));
    const forward = new Map(common.map((id) => [id, reach([id], successors, blockJoin)]));
    // The nearest: no other common split comes after it (on the way to the join).
    const nearest = common.filter((id) => common.every((other) => other === id || !forward.get(id)!.has(other) || forward.get(other)!.has(id)));
    if (nearest.length !== 1) {
      unpaired.push({ joinId: join.id, reason: `its incoming branches do not all come from one inclusive split` });
      continue;
    }
    const splitId = nearest[0];
    const leavesFrom = outgoing(splitId).map((out) => {
      if (out.target === join.id) return { out, into: [out.id] };
      const reached = reach([out.target], successors, new Set([join.id, splitId]));
      return { out, into: into.filter((flow) => reached.has(flow.source)).map((flow) => flow.id) };
    });
    const mismatch = leavesFrom.find((branch) => branch.into.length !== 1);
    const covered = new Set(leavesFrom.flatMap((branch) => branch.into));
    if (mismatch) {
      unpaired.push({ joinId: join.id, reason: `flow '${mismatch.out.id}' out of its split '${splitId}' reaches ${mismatch.into.length} of its incoming flows; each branch of the split must arrive on exactly one` });
    } else if (covered.size !== into.length || leavesFrom.length !== into.length) {
      unpaired.push({ joinId: join.id, reason: `split '${splitId}' has ${leavesFrom.length} outgoing flows but the join has ${into.length} incoming; each branch of the split must arrive on its own incoming flow` });
    } else if (joinOfSplit.has(splitId)) {
      unpaired.push({ joinId: join.id, reason: `split '${splitId}' already pairs with join '${joinOfSplit.get(splitId)}'` });
    } else {
      joinOfSplit.set(splitId, join.id);
    }
  }
  return { joinOfSplit, unpaired, mixed };
}
