/**
 * Checks a BPMN file's diagram interchange the way a reader's eye would: no two shapes or labels
 * on top of each other, and no edge running through a shape it does not connect. Works on the
 * moddle tree of any BPMN file (bpmn-moddle's `fromXML`), plane by plane.
 *
 *   const { rootElement } = await createWegwijsModdle().fromXML(xml);
 *   expect(diagramOverlaps(rootElement)).toEqual([]);
 *   expect(edgesThroughShapes(rootElement)).toEqual([]);
 */
import type { ModdleElement } from 'bpmn-moddle';
import { boxesOverlap, type Bounds, type Point } from './layout';

interface DrawnShape {
  readonly id: string;
  readonly element: ModdleElement;
  readonly bounds: Bounds;
  readonly label?: Bounds;
  /** An expanded sub-process: its children are drawn on it, not over it. */
  readonly isContainer: boolean;
}

interface DrawnEdge {
  readonly id: string;
  readonly element: ModdleElement;
  readonly waypoints: readonly Point[];
  readonly label?: Bounds;
}

function boundsOf(di: ModdleElement | undefined): Bounds | undefined {
  const bounds = di?.bounds as Bounds | undefined;
  return bounds ? { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : undefined;
}

function planes(definitions: ModdleElement): Array<{ shapes: DrawnShape[]; edges: DrawnEdge[] }> {
  return ((definitions.diagrams as ModdleElement[] | undefined) ?? []).map((diagram) => {
    const elements = ((diagram.plane as ModdleElement).planeElement as ModdleElement[] | undefined) ?? [];
    const shapes: DrawnShape[] = [];
    const edges: DrawnEdge[] = [];
    for (const di of elements) {
      const element = di.bpmnElement as ModdleElement | undefined;
      if (!element) continue;
      // Pools and lanes hold everything; they are frames, not things to collide with.
      if (element.$type === 'bpmn:Participant' || element.$type === 'bpmn:Lane') continue;
      if (di.$type === 'bpmndi:BPMNShape') {
        shapes.push({
          id: element.id!,
          element,
          bounds: boundsOf(di)!,
          label: boundsOf(di.label as ModdleElement | undefined),
          isContainer: element.$type === 'bpmn:SubProcess' && di.isExpanded === true,
        });
      } else if (di.$type === 'bpmndi:BPMNEdge') {
        edges.push({
          id: element.id!,
          element,
          waypoints: ((di.waypoint as Point[] | undefined) ?? []).map((point) => ({ x: point.x, y: point.y })),
          label: boundsOf(di.label as ModdleElement | undefined),
        });
      }
    }
    return { shapes, edges };
  });
}

function isInside(element: ModdleElement, container: ModdleElement): boolean {
  for (let parent = element.$parent; parent; parent = parent.$parent) if (parent === container) return true;
  return false;
}

/** A boundary event sits on its host by design; a child sits on its expanded sub-process. */
function mayTouch(a: DrawnShape, b: DrawnShape): boolean {
  if (a.element.attachedToRef === b.element || b.element.attachedToRef === a.element) return true;
  if (a.isContainer && isInside(b.element, a.element)) return true;
  if (b.isContainer && isInside(a.element, b.element)) return true;
  return false;
}

/** Every pair of overlapping shapes or labels, as `a ~ b` (label boxes are named `<id>/label`). */
export function diagramOverlaps(definitions: ModdleElement): string[] {
  const overlaps: string[] = [];
  for (const { shapes, edges } of planes(definitions)) {
    const boxes: Array<{ name: string; owner: DrawnShape | null; bounds: Bounds; isLabel: boolean }> = [
      ...shapes.map((shape) => ({ name: shape.id, owner: shape, bounds: shape.bounds, isLabel: false })),
      ...shapes.filter((shape) => shape.label).map((shape) => ({ name: `${shape.id}/label`, owner: shape, bounds: shape.label!, isLabel: true })),
      ...edges.filter((edge) => edge.label).map((edge) => ({ name: `${edge.id}/label`, owner: null, bounds: edge.label!, isLabel: true })),
    ];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i];
        const b = boxes[j];
        if (!boxesOverlap(a.bounds, b.bounds)) continue;
        if (a.owner && b.owner && a.owner === b.owner) continue;
        if (!a.isLabel && !b.isLabel && a.owner && b.owner && mayTouch(a.owner, b.owner)) continue;
        // A container's own area holds its children's labels too.
        if (a.owner?.isContainer && !a.isLabel && b.owner && isInside(b.owner.element, a.owner.element)) continue;
        if (b.owner?.isContainer && !b.isLabel && a.owner && isInside(a.owner.element, b.owner.element)) continue;
        overlaps.push(`${a.name} ~ ${b.name}`);
      }
    }
  }
  return overlaps;
}

/** Whether the segment from `a` to `b` passes through the inside of `box` (touching its border is fine). */
export function segmentCrossesBox(a: Point, b: Point, box: Bounds): boolean {
  const inner = { left: box.x + 1, right: box.x + box.width - 1, top: box.y + 1, bottom: box.y + box.height - 1 };
  if (inner.left >= inner.right || inner.top >= inner.bottom) return false;
  // Liang–Barsky clipping of the segment against the inner rectangle.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const clips: Array<[number, number]> = [
    [-dx, a.x - inner.left],
    [dx, inner.right - a.x],
    [-dy, a.y - inner.top],
    [dy, inner.bottom - a.y],
  ];
  for (const [p, q] of clips) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** Every edge segment that runs through a shape other than the edge's own source and target, as `edge -> shape`. */
export function edgesThroughShapes(definitions: ModdleElement): string[] {
  const crossings: string[] = [];
  for (const { shapes, edges } of planes(definitions)) {
    for (const edge of edges) {
      const ends = [edge.element.sourceRef, edge.element.targetRef] as ModdleElement[];
      for (const shape of shapes) {
        if (ends.includes(shape.element)) continue;
        if (shape.isContainer && isInside(edge.element, shape.element)) continue;
        const crosses = edge.waypoints.slice(1).some((point, index) => segmentCrossesBox(edge.waypoints[index], point, shape.bounds));
        if (crosses) crossings.push(`${edge.id} -> ${shape.id}`);
      }
    }
  }
  return crossings;
}
