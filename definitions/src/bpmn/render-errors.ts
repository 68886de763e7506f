/** Errors of diagram rendering (bpmn/render-svg.ts). */

/** Thrown when no Chromium binary is found at the configured path. */
export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
  constructor(readonly executablePath: string) {
    super(`no Chromium at ${executablePath}; install it (Debian: apt-get install -y chromium) or pass --chromium <path>`);
  }
}

/** Thrown when bpmn-js cannot import the XML (it names the element it choked on). */
export class BpmnRenderError extends Error {
  override readonly name = 'BpmnRenderError';
  constructor(readonly reason: string) {
    super(`bpmn-js could not render the diagram: ${reason}`);
  }
}
