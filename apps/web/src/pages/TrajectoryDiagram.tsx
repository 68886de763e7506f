/**
 * The trajectory's programme as its BPMN diagram (bpmn-js, from the API's BPMN export of the
 * version it runs on): the steps it stands at now highlighted, the steps it passed through marked.
 * The picture is one image to assistive technology; the same facts follow as text — where it
 * stands, and the steps already passed — so nothing is only in the picture.
 */
import { useQuery } from '@tanstack/react-query';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import Viewer from 'bpmn-js/lib/Viewer';
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

interface ElementRegistry {
  get(id: string): { businessObject?: { name?: string } } | undefined;
}
interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: 'fit-viewport'): void;
}

export function TrajectoryDiagram({ state }: { state: TrajectoryState }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const { key, version } = state.definition;
  const bpmn = useQuery({ queryKey: ['bpmn', key, version], queryFn: () => fetchBpmn(key, version), staleTime: Infinity });
  const [names, setNames] = useState<Record<string, string>>({});
  const current = state.activeNodes.map((node) => node.nodeId);
  const visited = state.visitedNodeIds.filter((nodeId) => !current.includes(nodeId));
  const marks = `${current.join(',')}|${visited.join(',')}`;

  useEffect(() => {
    if (!bpmn.data || !container.current) return;
    const viewer = new Viewer({ container: container.current });
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
      const shown: Record<string, string> = {};
      for (const [ids, marker] of [[visited, VISITED], [current, CURRENT]] as const) {
        for (const id of ids) {
          const element = registry.get(id);
          if (!element) continue;
          canvas.addMarker(id, marker);
          shown[id] = element.businessObject?.name ?? id;
        }
      }
      canvas.zoom('fit-viewport');
      setNames(shown);
    });
    return () => {
      cancelled = true;
      viewer.destroy();
    };
    // The marks are the trajectory's position: drawn again when it moves.
  }, [bpmn.data, marks]);

  const label = (id: string) => names[id] ?? id;
  return (
    <figure className="wegwijs-diagram">
      <QueryProblem query={bpmn} />
      <div ref={container} className="wegwijs-diagram__canvas" />
      <figcaption id="diagram-text" className="utrecht-paragraph">
        <span className="wegwijs-legend wegwijs-legend--current">{t('diagram.current')}</span>: {current.length > 0 ? current.map(label).join(', ') : t('diagram.nowhere')}.{' '}
        <span className="wegwijs-legend wegwijs-legend--visited">{t('diagram.path')}</span>: {visited.length > 0 ? visited.map(label).join(' → ') : t('diagram.noPath')}.
      </figcaption>
    </figure>
  );
}
