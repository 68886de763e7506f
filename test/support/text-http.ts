/** Requests whose answers are not JSON (CSV, XML, SVG): the body as text. */
export interface TextAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
}

export async function requestText(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<TextAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(options.contentType ? { 'content-type': options.contentType } : {}), ...options.headers },
    body: options.body,
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text: await response.text() };
}
