/**
 * Diagram rendering, loaded lazily: Playwright is only needed by `render`, not by every importer
 * of `@wegwijs/definitions`.
 *
 *   const { svg } = await renderBpmnToSvg(await exportToBpmn(compiled), { pngPath: 'tmp/diagram.png' });
 */
import type { RenderOptions, RenderResult } from './render-svg';

export type { RenderOptions, RenderResult } from './render-svg';
export { DEFAULT_CHROMIUM_PATH } from './render-defaults';

export async function renderBpmnToSvg(xml: string, options: RenderOptions = {}): Promise<RenderResult> {
  const { renderBpmnToSvgNow } = await import('./render-svg');
  return renderBpmnToSvgNow(xml, options);
}
