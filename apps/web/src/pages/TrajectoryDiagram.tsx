/**
 * The trajectory's programme as its BPMN diagram (bpmn-js, from the API's BPMN export of the
 * version it runs on): the steps it stands at now highlighted, the steps it passed through marked.
 * The picture is one image to assistive technology; the same facts follow as text — where it
 * stands, and the steps already passed — so nothing is only in the picture.
 *
 * A programme like Haarlem's is far wider than the page: drawn whole, its labels are a few pixels
 * high. So the diagram opens on the steps the trajectory stands at, at their natural size, and
 * buttons (keyboard users) or dragging and the mouse wheel (NavigatedViewer) move to the rest.
 */
import { useQuery } from '@tanstack/react-query';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import { SecondaryActionButton } from '@utrecht/button-react';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { TrajectoryState } from '../api/views';
import { QueryProblem } from './QueryProblem';

const CURRENT = 'wegwijs-current';
const VISITED = 'wegwijs-visited';

async function fetchBpmn(key: string, version: number): Promise<string> {
  const { data, error, response } = await api.GET('/definitions/{key}/versions/{version}/bpmn', { params: { path: { key, version } }, parseAs: 'text' });
  if (!response.ok) throw new ProblemAnswer(problemOf(typeof error === 'string' ? safeJson(error) : error, response.status));
  return data as unknown as string;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Shape {
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
  readonly businessObject?: { name?: string };
}
interface ElementRegistry {
  get(id: string): Shape | undefined;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level?: 'fit-viewport' | number, center?: 'auto'): number;
  viewbox(box?: Box): Box & { outer: { width: number; height: number } };
}

/** Room around the steps shown, in diagram units, so their labels and flows in and out show too. */
const FOCUS_MARGIN = 120;
const ZOOM_STEP = 1.25;

/** Below this scale a label (11 px at scale 1) is too small to read. */
const READABLE_SCALE = 0.8;

type Placed = Required<Pick<Shape, 'x' | 'y' | 'width' | 'height'>>;
const isPlaced = (shape: Shape): shape is Placed => shape.x !== undefined && shape.y !== undefined && shape.width !== undefined && shape.height !== undefined;

/**
 * Shows the shapes at their natural size (smaller where that makes them all fit and they stay
 * readable), centred; shapes too far apart to read together: the first of them, at natural size.
 */
function showShapes(canvas: Canvas, shapes: readonly Shape[]): void {
  const boxes = shapes.filter(isPlaced);
  if (boxes.length === 0) {
    canvas.zoom('fit-viewport');
    return;
  }
  const { outer } = canvas.viewbox();
  const around = (placed: readonly Placed[]) => {
    const left = Math.min(...placed.map((box) => box.x)) - FOCUS_MARGIN;
    const top = Math.min(...placed.map((box) => box.y)) - FOCUS_MARGIN;
    const right = Math.max(...placed.map((box) => box.x + box.width)) + FOCUS_MARGIN;
    const bottom = Math.max(...placed.map((box) => box.y + box.height)) + FOCUS_MARGIN;
    return { centre: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: Math.min(1, outer.width / (right - left), outer.height / (bottom - top)) };
  };
  const all = around(boxes);
  const { centre, scale } = all.scale >= READABLE_SCALE ? all : { centre: around(boxes.slice(0, 1)).centre, scale: 1 };
  const width = outer.width / scale;
  const height = outer.height / scale;
  canvas.viewbox({ x: centre.x - width / 2, y: centre.y - height / 2, width, height });
}

export function TrajectoryDiagram({ state }: { state: TrajectoryState }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const shown = useRef<{ canvas: Canvas; focus: () => void }>(undefined);
  const { key, version } = state.definition;
  const bpmn = useQuery({ queryKey: ['bpmn', key, version], queryFn: () => fetchBpmn(key, version), staleTime: Infinity });
  const [names, setNames] = useState<Record<string, string>>({});
  const current = state.activeNodes.map((node) => node.nodeId);
  const visited = state.visitedNodeIds.filter((nodeId) => !current.includes(nodeId));
  const marks = `${current.join(',')}|${visited.join(',')}`;

  useEffect(() => {
    if (!bpmn.data || !container.current) return;
    const viewer = new NavigatedViewer({ container: container.current });
    // diagram-js makes its canvas a tab stop for editing shortcuts; this picture is read-only, one
    // image to assistive technology named by the text below it. (The bpmn.io link beside it stays
    // a link of its own.)
    const picture = container.current.querySelector('svg');
    picture?.removeAttribute('tabindex');
    picture?.setAttribute('role', 'img');
    picture?.setAttribute('aria-labelledby', 'diagram-text');
    let cancelled = false;
    void viewer.importXML(bpmn.data).then(() => {
      if (cancelled) return;
      const canvas = viewer.get<Canvas>('canvas');
      const registry = viewer.get<ElementRegistry>('elementRegistry');
      const named: Record<string, string> = {};
      for (const [ids, marker] of [[visited, VISITED], [current, CURRENT]] as const) {
        for (const id of ids) {
          const element = registry.get(id);
          if (!element) continue;
          canvas.addMarker(id, marker);
          named[id] = element.businessObject?.name ?? id;
        }
      }
      const focus = () => showShapes(canvas, (current.length > 0 ? current : visited.slice(-1)).map((id) => registry.get(id) ?? {}));
      focus();
      shown.current = { canvas, focus };
      setNames(named);
    });
    return () => {
      cancelled = true;
      shown.current = undefined;
      viewer.destroy();
    };
    // The marks are the trajectory's position: drawn again when it moves.
  }, [bpmn.data, marks]);

  const label = (id: string) => names[id] ?? id;
  return (
    <figure className="wegwijs-diagram">
      <QueryProblem query={bpmn} />
      <div className="wegwijs-diagram__controls" role="group" aria-label={t('diagram.view')}>
        <SecondaryActionButton type="button" onClick={() => shown.current?.focus()}>
          {t('diagram.showPosition')}
        </SecondaryActionButton>
        <SecondaryActionButton type="button" onClick={() => shown.current?.canvas.zoom('fit-viewport')}>
          {t('diagram.showWhole')}
        </SecondaryActionButton>
        <SecondaryActionButton type="button" onClick={() => shown.current?.canvas.zoom(shown.current.canvas.zoom() * ZOOM_STEP, 'auto')}>
          {t('diagram.zoomIn')}
        </SecondaryActionButton>
        <SecondaryActionButton type="button" onClick={() => shown.current?.canvas.zoom(shown.current.canvas.zoom() / ZOOM_STEP, 'auto')}>
          {t('diagram.zoomOut')}
        </SecondaryActionButton>
      </div>
      <div ref={container} className="wegwijs-diagram__canvas" />
      <figcaption id="diagram-text" className="utrecht-paragraph">
        <span className="wegwijs-legend wegwijs-legend--current">{t('diagram.current')}</span>: {current.length > 0 ? current.map(label).join(', ') : t('diagram.nowhere')}.{' '}
        <span className="wegwijs-legend wegwijs-legend--visited">{t('diagram.path')}</span>: {visited.length > 0 ? visited.map(label).join(' → ') : t('diagram.noPath')}.
      </figcaption>
    </figure>
  );
}
