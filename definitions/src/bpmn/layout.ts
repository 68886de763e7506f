/**
 * Lays out one BPMN scope (the process, or the inside of a collapsed sub-process) on a grid:
 * columns by longest path from the start, rows inside lanes, boundary events spaced along the
 * bottom of their host, labels placed where they overlap nothing, and orthogonal edges that run
 * only through the gaps between columns and the channels between rows — so no edge crosses a shape
 * it does not connect. Pure geometry: it knows nothing of moddle or of the definition language.
 *
 *   const result = layoutScope({ nodes, edges, lanes: ['Wegwijs', 'klantmanager'] });
 *   result.shapes.get('intake')!.bounds; // { x, y, width, height }
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type ShapeKind = 'task' | 'event' | 'gateway';

export interface LayoutNodeInput {
  readonly id: string;
  readonly shape: ShapeKind;
  /** Text drawn outside the shape (events, gateways); tasks carry theirs inside. */
  readonly externalLabel?: string;
  /** Lane name; ignored when the scope has no lanes. */
  readonly lane?: string;
  readonly boundaries: ReadonlyArray<{ readonly id: string; readonly label: string }>;
}

export interface LayoutEdgeInput {
  readonly id: string;
  /** A node id or a boundary event id. */
  readonly source: string;
  readonly target: string;
  readonly label?: string;
}

export interface LayoutInput {
  readonly nodes: readonly LayoutNodeInput[];
  readonly edges: readonly LayoutEdgeInput[];
  /** Lanes top to bottom, drawn in a pool named `pool`; absent: no pool, no lanes. */
  readonly lanes?: { readonly pool: string; readonly names: readonly string[] };
  /** Room kept free at the top of the first lane (or of the scope) for artifacts. */
  readonly topBand?: { readonly width: number; readonly height: number };
}

export interface PlacedShape {
  readonly bounds: Bounds;
  readonly label?: Bounds;
}

export interface PlacedEdge {
  readonly waypoints: readonly Point[];
  readonly label?: Bounds;
}

export interface LayoutResult {
  /** Nodes and boundary events by id. */
  readonly shapes: ReadonlyMap<string, PlacedShape>;
  readonly edges: ReadonlyMap<string, PlacedEdge>;
  readonly pool: Bounds | null;
  readonly lanes: ReadonlyArray<{ readonly name: string; readonly bounds: Bounds }>;
  /** Where the reserved top band starts. */
  readonly topBandOrigin: Point;
}

const SIZE: Record<ShapeKind, { width: number; height: number }> = {
  task: { width: 100, height: 80 },
  event: { width: 36, height: 36 },
  gateway: { width: 50, height: 50 },
};
/** A boundary event and the label to its right. */
const BOUNDARY_SPACING = 130;
const BOUNDARY_SIZE = 36;
/** Height of one row: the shape, its boundary events and labels, and a channel for edges below. */
const ROW_PITCH = 200;
/** Shapes are centred this far below their row's top. */
const ROW_CENTRE = 70;
/** Horizontal edges between rows run this far above the next row. */
const CHANNEL_FROM_BOTTOM = 16;
const COLUMN_GAP = 160;
const POOL_LABEL = 30;
const LANE_LABEL = 30;
const MARGIN = 40;
const LABEL_MAX_WIDTH = 90;
const LABEL_LINE_HEIGHT = 14;
const LABEL_CHAR_WIDTH = 6.2;

/** The box bpmn-js needs for an external label: wrapped to 90 px at 11 px Arial. */
export function estimateLabelSize(text: string): { width: number; height: number } {
  const charsPerLine = Math.floor(LABEL_MAX_WIDTH / LABEL_CHAR_WIDTH);
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length > 0 ? lines[lines.length - 1] : undefined;
    if (last !== undefined && last.length + 1 + word.length <= charsPerLine) lines[lines.length - 1] = `${last} ${word}`;
    else for (let start = 0; start < Math.max(word.length, 1); start += charsPerLine) lines.push(word.slice(start, start + charsPerLine));
  }
  const longest = Math.max(1, ...lines.map((line) => line.length));
  return { width: Math.ceil(Math.min(LABEL_MAX_WIDTH, longest * LABEL_CHAR_WIDTH + 4)), height: Math.max(1, lines.length) * LABEL_LINE_HEIGHT };
}

function hostWidth(node: LayoutNodeInput): number {
  const base = SIZE[node.shape].width;
  return node.shape === 'task' ? Math.max(base, node.boundaries.length * BOUNDARY_SPACING - 20) : base;
}

export function boxesOverlap(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function layoutScope(input: LayoutInput): LayoutResult {
  const nodeById = new Map(input.nodes.map((node) => [node.id, node]));
  const hostOf = new Map<string, string>();
  for (const node of input.nodes) for (const boundary of node.boundaries) hostOf.set(boundary.id, node.id);
  const effectiveSource = (edge: LayoutEdgeInput) => hostOf.get(edge.source) ?? edge.source;

  // Columns: depth-first order finds back edges (loops); the rest is a DAG ranked by longest path.
  const outgoing = new Map<string, LayoutEdgeInput[]>(input.nodes.map((node) => [node.id, []]));
  const incomingCount = new Map<string, number>(input.nodes.map((node) => [node.id, 0]));
  for (const edge of input.edges) {
    outgoing.get(effectiveSource(edge))?.push(edge);
    incomingCount.set(edge.target, (incomingCount.get(edge.target) ?? 0) + 1);
  }
  const order = new Map<string, number>();
  const state = new Map<string, 'open' | 'done'>();
  const backEdges = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'open');
    order.set(id, order.size);
    for (const edge of outgoing.get(id) ?? []) {
      const next = state.get(edge.target);
      if (next === 'open') backEdges.add(edge.id);
      else if (next === undefined && nodeById.has(edge.target)) visit(edge.target);
    }
    state.set(id, 'done');
  };
  for (const node of input.nodes) if ((incomingCount.get(node.id) ?? 0) === 0 && !state.has(node.id)) visit(node.id);
  for (const node of input.nodes) if (!state.has(node.id)) visit(node.id);
  const forward = input.edges.filter((edge) => !backEdges.has(edge.id) && nodeById.has(edge.target));
  const rank = new Map<string, number>(input.nodes.map((node) => [node.id, 0]));
  // Longest path: relax in topological order (Kahn) over forward edges.
  const remaining = new Map<string, number>(input.nodes.map((node) => [node.id, 0]));
  for (const edge of forward) remaining.set(edge.target, remaining.get(edge.target)! + 1);
  const ready = input.nodes.filter((node) => remaining.get(node.id) === 0).map((node) => node.id);
  while (ready.length > 0) {
    const id = ready.shift()!;
    for (const edge of forward.filter((candidate) => effectiveSource(candidate) === id)) {
      rank.set(edge.target, Math.max(rank.get(edge.target)!, rank.get(id)! + 1));
      remaining.set(edge.target, remaining.get(edge.target)! - 1);
      if (remaining.get(edge.target) === 0) ready.push(edge.target);
    }
  }

  // Rows per lane: a node takes the row of its first placed predecessor in its lane (a boundary
  // event's target the row below), or the next free one.
  const laneNames = input.lanes?.names ?? [''];
  const laneOf = (node: LayoutNodeInput) => (input.lanes && node.lane !== undefined && laneNames.includes(node.lane) ? node.lane : laneNames[0]);
  const row = new Map<string, number>();
  const taken = new Set<string>();
  const placementOrder = [...input.nodes].sort((a, b) => rank.get(a.id)! - rank.get(b.id)! || order.get(a.id)! - order.get(b.id)!);
  for (const node of placementOrder) {
    let preferred = 0;
    for (const edge of forward.filter((candidate) => candidate.target === node.id)) {
      const source = effectiveSource(edge);
      const sourceNode = nodeById.get(source);
      if (!sourceNode || !row.has(source) || laneOf(sourceNode) !== laneOf(node)) continue;
      preferred = row.get(source)! + (hostOf.has(edge.source) ? 1 : 0);
      break;
    }
    let candidate = preferred;
    while (taken.has(`${laneOf(node)}:${rank.get(node.id)}:${candidate}`)) candidate += 1;
    taken.add(`${laneOf(node)}:${rank.get(node.id)}:${candidate}`);
    row.set(node.id, candidate);
  }

  const columns = Math.max(0, ...[...rank.values()].map((value) => value + 1));
  const columnWidth = Array.from({ length: columns }, () => 0);
  for (const node of input.nodes) columnWidth[rank.get(node.id)!] = Math.max(columnWidth[rank.get(node.id)!], hostWidth(node));
  const left = input.lanes ? MARGIN + POOL_LABEL + LANE_LABEL + COLUMN_GAP / 2 : MARGIN + COLUMN_GAP / 2;
  const columnX: number[] = [];
  for (let column = 0, x = left; column < columns; column += 1) {
    columnX.push(x);
    x += columnWidth[column] + COLUMN_GAP;
  }
  const contentRight = columns > 0 ? columnX[columns - 1] + columnWidth[columns - 1] + COLUMN_GAP / 2 : left;

  const band = input.topBand?.height ?? 0;
  const rowsInLane = laneNames.map((lane) => Math.max(1, ...input.nodes.filter((node) => laneOf(node) === lane).map((node) => row.get(node.id)! + 1)));
  const laneTop: number[] = [];
  for (let lane = 0, y = MARGIN; lane < laneNames.length; lane += 1) {
    laneTop.push(y);
    y += (lane === 0 ? band : 0) + rowsInLane[lane] * ROW_PITCH;
  }
  const rowTop = (node: LayoutNodeInput) => {
    const lane = laneNames.indexOf(laneOf(node));
    return laneTop[lane] + (lane === 0 ? band : 0) + row.get(node.id)! * ROW_PITCH;
  };

  const shapes = new Map<string, { bounds: Bounds; label?: Bounds }>();
  const obstacles: Bounds[] = [];
  for (const node of input.nodes) {
    const size = SIZE[node.shape];
    const width = hostWidth(node);
    const column = rank.get(node.id)!;
    const bounds = {
      x: Math.round(columnX[column] + (columnWidth[column] - width) / 2),
      y: rowTop(node) + ROW_CENTRE - size.height / 2,
      width,
      height: size.height,
    };
    shapes.set(node.id, { bounds });
    obstacles.push(bounds);
    node.boundaries.forEach((boundary, index) => {
      const centreX = bounds.x + 20 + index * BOUNDARY_SPACING;
      const boundaryBounds = { x: centreX - BOUNDARY_SIZE / 2, y: bounds.y + bounds.height - BOUNDARY_SIZE / 2, width: BOUNDARY_SIZE, height: BOUNDARY_SIZE };
      shapes.set(boundary.id, { bounds: boundaryBounds });
      obstacles.push(boundaryBounds);
    });
  }

  const placedLabels: Bounds[] = [];
  const place = (size: { width: number; height: number }, candidates: Point[]): Bounds => {
    const boxes = candidates.map((point) => ({ x: Math.round(point.x), y: Math.round(point.y), ...size }));
    const free = boxes.find((box) => ![...obstacles, ...placedLabels].some((other) => boxesOverlap(box, other)));
    const chosen = free ?? boxes[0];
    placedLabels.push(chosen);
    return chosen;
  };
  for (const node of input.nodes) {
    const shape = shapes.get(node.id)!;
    node.boundaries.forEach((boundary) => {
      const placed = shapes.get(boundary.id)!;
      const size = estimateLabelSize(boundary.label);
      const label = place(size, [
        { x: placed.bounds.x + BOUNDARY_SIZE + 2, y: placed.bounds.y + BOUNDARY_SIZE / 2 + 2 },
        { x: placed.bounds.x + BOUNDARY_SIZE + 2, y: placed.bounds.y + BOUNDARY_SIZE + 2 },
      ]);
      shapes.set(boundary.id, { ...placed, label });
    });
    if (node.externalLabel) {
      const size = estimateLabelSize(node.externalLabel);
      const { x, y, width, height } = shape.bounds;
      const label = place(size, [
        { x: x + width / 2 - size.width / 2, y: y + height + 4 },
        { x: x + width / 2 - size.width / 2, y: y - size.height - 4 },
        { x: x + width + 4, y: y + height },
        { x: x - size.width - 4, y: y + height },
      ]);
      shapes.set(node.id, { ...shape, label });
    }
  }

  // Vertical legs get their own x inside a gap, so parallel edges stay apart. Legs leaving a
  // column take slots from the gap's left, legs entering one from its right: a leg's horizontal
  // stub then never lies on top of another edge's stub in the same row.
  const gapSlots = new Map<string, number>();
  const gapX = (afterColumn: number, side: 'out' | 'in') => {
    const key = `${afterColumn}:${side}`;
    const slot = gapSlots.get(key) ?? 0;
    gapSlots.set(key, slot + 1);
    // Left of the first column there is only half a gap (the margin).
    const width = afterColumn >= 0 ? COLUMN_GAP : COLUMN_GAP / 2;
    const start = afterColumn >= 0 ? columnX[afterColumn] + columnWidth[afterColumn] : left - width;
    const offset = 16 + ((slot * 10) % (width / 2 - 20));
    return side === 'out' ? start + offset : start + width - offset;
  };
  const edges = new Map<string, { waypoints: Point[]; label?: Bounds }>();
  const channelSlots = new Map<number, number>();
  const centreY = (bounds: Bounds) => bounds.y + bounds.height / 2;
  for (const edge of input.edges) {
    const sourceShape = shapes.get(edge.source);
    const targetShape = shapes.get(edge.target);
    const targetNode = nodeById.get(edge.target);
    const hostId = hostOf.get(edge.source);
    const sourceNode = nodeById.get(hostId ?? edge.source);
    if (!sourceShape || !targetShape || !targetNode || !sourceNode) continue;
    const s = sourceShape.bounds;
    const t = targetShape.bounds;
    const end = { x: t.x, y: centreY(t) };
    const sourceRank = rank.get(sourceNode.id)!;
    const targetRank = rank.get(targetNode.id)!;
    // Edges sharing a row's channel each get their own height in it, so they can be told apart.
    const channelKey = rowTop(sourceNode);
    const channelSlot = channelSlots.get(channelKey) ?? 0;
    const channelY = rowTop(sourceNode) + ROW_PITCH - CHANNEL_FROM_BOTTOM - (channelSlot % 4) * 7;
    const usesChannel = () => channelSlots.set(channelKey, channelSlot + 1);
    let waypoints: Point[];
    if (hostId) {
      const x = s.x + s.width / 2;
      const gx = gapX(targetRank - 1, 'in');
      usesChannel();
      waypoints = [{ x, y: s.y + s.height }, { x, y: channelY }, { x: gx, y: channelY }, { x: gx, y: end.y }, end];
    } else {
      const start = { x: s.x + s.width, y: centreY(s) };
      const sameLine = laneOf(sourceNode) === laneOf(targetNode) && row.get(sourceNode.id) === row.get(targetNode.id);
      const between = input.nodes.some(
        (other) => laneOf(other) === laneOf(sourceNode) && row.get(other.id) === row.get(sourceNode.id) && rank.get(other.id)! > sourceRank && rank.get(other.id)! < targetRank,
      );
      if (sameLine && targetRank > sourceRank && !between) {
        waypoints = [start, end];
      } else if (targetRank === sourceRank + 1) {
        const gx = gapX(sourceRank, 'in');
        waypoints = [start, { x: gx, y: start.y }, { x: gx, y: end.y }, end];
      } else {
        const out = gapX(sourceRank, 'out');
        const into = gapX(targetRank - 1, 'in');
        usesChannel();
        waypoints = [start, { x: out, y: start.y }, { x: out, y: channelY }, { x: into, y: channelY }, { x: into, y: end.y }, end];
      }
    }
    waypoints = waypoints.filter((point, index) => index === 0 || point.x !== waypoints[index - 1].x || point.y !== waypoints[index - 1].y).map((point) => ({ x: Math.round(point.x), y: Math.round(point.y) }));
    let label: Bounds | undefined;
    if (edge.label) {
      const size = estimateLabelSize(edge.label);
      const last = waypoints[waypoints.length - 2];
      const first = waypoints[0];
      const second = waypoints[1];
      const candidates: Point[] = [
        { x: end.x - size.width - 4, y: end.y - size.height - 3 },
        { x: end.x - size.width - 4, y: end.y + 3 },
      ];
      if (first.y === second.y) candidates.push({ x: first.x + 4, y: first.y - size.height - 3 }, { x: first.x + 4, y: first.y + 3 });
      for (let step = 1; step <= 6; step += 1) candidates.push({ x: Math.min(last.x, end.x - size.width - 4), y: end.y - size.height - 3 - step * LABEL_LINE_HEIGHT });
      label = place(size, candidates);
    }
    edges.set(edge.id, { waypoints, label });
  }

  const bottom = laneTop.length > 0 ? laneTop[laneTop.length - 1] + (laneNames.length === 1 ? band : 0) + rowsInLane[rowsInLane.length - 1] * ROW_PITCH : MARGIN + band;
  const bandRight = (input.lanes ? MARGIN + POOL_LABEL + LANE_LABEL + 20 : MARGIN) + (input.topBand?.width ?? 0) + 20;
  const right = Math.max(contentRight, bandRight);
  const pool = input.lanes ? { x: MARGIN, y: MARGIN, width: right - MARGIN, height: bottom - MARGIN } : null;
  const lanes = input.lanes
    ? laneNames.map((name, index) => ({
        name,
        bounds: {
          x: MARGIN + POOL_LABEL,
          y: laneTop[index],
          width: right - MARGIN - POOL_LABEL,
          height: (index === 0 ? band : 0) + rowsInLane[index] * ROW_PITCH,
        },
      }))
    : [];
  const topBandOrigin = { x: input.lanes ? MARGIN + POOL_LABEL + LANE_LABEL + 20 : MARGIN, y: MARGIN + 20 };
  return { shapes, edges, pool, lanes, topBandOrigin };
}
