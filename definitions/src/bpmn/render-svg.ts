/**
 * Renders BPMN XML to SVG (and optionally a PNG screenshot) with bpmn-js's viewer in headless
 * Chromium — the same renderer bpmn.io uses, so the picture is what supervisors will see.
 * Needs a Chromium binary (Debian: `apt-get install chromium`); used by the CLI and for the docs,
 * never by unit tests.
 *
 *   const { svg } = await renderBpmnToSvg(xml, { pngPath: 'tmp/haarlem.png' });
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { DEFAULT_CHROMIUM_PATH } from './render-defaults';
import { BpmnRenderError, ChromiumNotFoundError } from './render-errors';


export interface RenderOptions {
  readonly executablePath?: string;
  /** Also write a PNG screenshot of the rendered diagram (to look at it). */
  readonly pngPath?: string;
}

export interface RenderResult {
  readonly svg: string;
  /** Import warnings reported by bpmn-js. */
  readonly warnings: readonly string[];
}

/** Prefer the lazy `renderBpmnToSvg` from the package index: it loads Playwright only when called. */
export async function renderBpmnToSvgNow(xml: string, options: RenderOptions = {}): Promise<RenderResult> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(executablePath)) throw new ChromiumNotFoundError(executablePath);
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 2400, height: 1400 } });
    await page.setContent('<!doctype html><html><body style="margin:0"><div id="canvas" style="width:2400px;height:1400px"></div></body></html>');
    await page.addStyleTag({ path: require.resolve('bpmn-js/dist/assets/diagram-js.css') });
    await page.addStyleTag({ path: require.resolve('bpmn-js/dist/assets/bpmn-js.css') });
    await page.addScriptTag({ path: require.resolve('bpmn-js/dist/bpmn-viewer.production.min.js') });
    const outcome = await page.evaluate(async (diagramXml: string) => {
      const Viewer = (globalThis as unknown as { BpmnJS: new (options: { container: string }) => BpmnViewerLike }).BpmnJS;
      const viewer = new Viewer({ container: '#canvas' });
      try {
        const { warnings } = await viewer.importXML(diagramXml);
        const canvas = viewer.get('canvas');
        // Size the page to the diagram at 100% so the screenshot is readable, not shrunk to fit.
        const inner = canvas.viewbox().inner;
        const page = globalThis as unknown as { document: { getElementById(id: string): { style: Record<string, string> } } };
        const container = page.document.getElementById('canvas');
        container.style.width = `${Math.ceil(inner.width + 80)}px`;
        container.style.height = `${Math.ceil(inner.height + 80)}px`;
        canvas.resized();
        canvas.zoom('fit-viewport');
        const { svg } = await viewer.saveSVG();
        return {
          ok: true as const,
          svg,
          width: Math.ceil(inner.width + 80),
          height: Math.ceil(inner.height + 80),
          warnings: warnings.map((warning) => String(warning.message)),
        };
      } catch (error) {
        return { ok: false as const, reason: String((error as Error).message ?? error) };
      }
    }, xml);
    if (!outcome.ok) throw new BpmnRenderError(outcome.reason);
    if (options.pngPath) {
      await page.setViewportSize({ width: outcome.width, height: outcome.height });
      await page.screenshot({ path: options.pngPath, clip: { x: 0, y: 0, width: outcome.width, height: outcome.height } });
    }
    return { svg: outcome.svg, warnings: outcome.warnings };
  } finally {
    await browser.close();
  }
}

interface BpmnViewerLike {
  importXML(xml: string): Promise<{ warnings: Array<{ message: unknown }> }>;
  saveSVG(): Promise<{ svg: string }>;
  get(service: 'canvas'): {
    zoom(level: 'fit-viewport'): void;
    resized(): void;
    viewbox(): { inner: { width: number; height: number } };
  };
}
