/**
 * The JSON logs of the running API and worker, as an operator reads them: every request has a
 * correlation id, echoed as X-Request-Id and carried through Temporal into the activities it
 * causes — and nothing a person sent (name, BSN, birth date, in a body or a query string) nor an
 * access token is ever written. The processes' output is the file global-setup writes them to.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { accessToken, pollUntil, request } from '../support/http';
import { newCaseReference } from '../support/case-references';
import { newBsn } from '../support/people';

const apiUrl = () => process.env.WEGWIJS_API_URL!;
const TOKEN = accessToken({ role: 'klantmanager', id: 'km-logs-1' });
const AUTHORIZED = { authorization: `Bearer ${TOKEN}` };

interface LogLine {
  level: string;
  msg: string;
  service: string;
  correlationId?: string;
  traceId?: string;
  [field: string]: unknown;
}

/** The JSON lines a process wrote so far (its output, without the `[api] ` prefix the supervisor adds). */
function logOf(process_: 'api' | 'worker'): { text: string; lines: LogLine[] } {
  const text = readFileSync(process.env[process_ === 'api' ? 'WEGWIJS_TEST_API_LOG' : 'WEGWIJS_TEST_WORKER_LOG']!, 'utf8');
  const lines = text
    .split('\n')
    .map((line) => line.slice(line.indexOf(' ') + 1))
    .flatMap((json) => {
      try {
        return [JSON.parse(json) as LogLine];
      } catch {
        return [];
      }
    });
  return { text, lines };
}

function linesOf(process_: 'api' | 'worker', correlationId: string, until: (lines: LogLine[]) => boolean): Promise<LogLine[]> {
  return pollUntil(
    async () => logOf(process_).lines.filter((line) => line.correlationId === correlationId),
    until,
    100,
    100,
  );
}

describe('the API log', () => {
  it('keeps a person sent in a body, a query string and a header out of every line, and the token too', async () => {
    const name = `Yohannes Gebremariam ${randomUUID().slice(0, 6)}`;
    const bsn = newBsn();
    const birthDate = '1987-11-23';
    const registered = await request(apiUrl(), 'POST', '/people', {
      body: { municipality: 'GM0392', name, bsn, birthDate, email: null, phone: null, language: 'ti' },
      headers: AUTHORIZED,
    });
    expect(registered.status).toBe(201);
    const registeredId = registered.headers.get('x-request-id')!;
    // Refused: its message names the field, never the value.
    const refused = await request(apiUrl(), 'POST', '/people', { body: { municipality: 'GM0392', name, bsn, birthDate: '2999-01-01', language: 'ti' }, headers: AUTHORIZED });
    expect(refused.status).toBe(422);
    const refusedId = refused.headers.get('x-request-id')!;
    // A search by person in the query string, and a BSN where a request id belongs.
    const searched = await request(apiUrl(), 'GET', `/trajectories?bsn=${bsn}&name=${encodeURIComponent(name)}`, { headers: { ...AUTHORIZED, 'x-request-id': bsn } });
    const searchedId = searched.headers.get('x-request-id')!;
    expect(searchedId).not.toBe(bsn);
    expect(searchedId).toMatch(/^[0-9a-f-]{36}$/);

    for (const correlationId of [registeredId, refusedId, searchedId]) {
      const [line] = await linesOf('api', correlationId, (lines) => lines.some((entry) => entry.msg.startsWith('POST ') || entry.msg.startsWith('GET ')));
      expect(line).toMatchObject({ service: 'wegwijs-api', correlationId });
    }
    const { text } = logOf('api');
    expect(text).not.toContain(bsn);
    expect(text).not.toContain(name);
    expect(text).not.toContain(name.split(' ')[0]);
    expect(text).not.toContain(birthDate);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.split('.')[2]);
  });

  it('writes one line per request with method, path, status and the correlation id the client sent', async () => {
    const correlationId = randomUUID();
    const answer = await request(apiUrl(), 'GET', '/trajectories?municipality=GM0392', { headers: { ...AUTHORIZED, 'x-request-id': correlationId } });
    expect(answer.headers.get('x-request-id')).toBe(correlationId);
    const lines = await linesOf('api', correlationId, (found) => found.some((line) => line.msg === `GET /trajectories ${answer.status}`));
    expect(lines.find((line) => line.msg === `GET /trajectories ${answer.status}`)).toMatchObject({
      level: 'info',
      req: { method: 'GET', path: '/trajectories' },
      res: { statusCode: answer.status },
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it("takes a W3C traceparent's trace id as the correlation id when no X-Request-Id came", async () => {
    const traceId = randomUUID().replace(/-/g, '');
    const answer = await request(apiUrl(), 'GET', '/health', { headers: { traceparent: `00-${traceId}-${'1'.repeat(16)}-01` } });
    expect(answer.headers.get('x-request-id')).toBe(traceId);
  });
});

describe('the worker log', () => {
  it("carries the request's correlation id into the activities the request caused, with its trace", async () => {
    const correlationId = randomUUID();
    const started = await request(apiUrl(), 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: 'walking-skeleton', facts: { housingDate: '2026-11-02' } },
      headers: { ...AUTHORIZED, 'x-request-id': correlationId },
    });
    expect(started.status).toBe(201);
    // The engine's own events first, then the definition's service task, an activation later.
    const completedActivity = (line: LogLine) => line.msg === 'activity completed' && line.activityType === 'recordTrajectoryEvent';
    const lines = await linesOf('worker', correlationId, (found) => found.some(completedActivity));
    expect(lines.filter((line) => line.msg === 'activity completed').map((line) => line.activityType)).toEqual(expect.arrayContaining(['recordTrajectoryEvents', 'recordTrajectoryEvent']));
    const completed = lines.find(completedActivity);
    expect(completed).toMatchObject({ service: 'wegwijs-worker', correlationId, trajectoryId: started.body.trajectoryId, attempt: 1, durationMs: expect.any(Number) });
    // The same trace as the API's line for the request.
    const [apiLine] = await linesOf('api', correlationId, (found) => found.some((line) => line.msg.startsWith('POST /trajectories')));
    expect(completed!.traceId).toBe(apiLine.traceId);
  });
});
