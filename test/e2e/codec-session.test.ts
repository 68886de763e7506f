/**
 * Signing a supervisor's browser in to the codec over HTTP: `POST /codec-session` turns a bearer
 * token into the `wegwijs_session` cookie the Temporal Web UI sends with its codec requests —
 * once per token, for supervisors and administrators only. The browser test
 * (test/browser/supervisor-web-ui.test.ts) follows the same link in Chromium.
 */
import { loadConfiguration } from '@wegwijs/config';
import { authHeaders, KLANTMANAGER, request } from '../support/http';

const config = loadConfiguration(process.env);
const baseUrl = process.env.WEGWIJS_API_URL ?? '';

function openSession(headers: Record<string, string>) {
  return request(baseUrl, 'POST', '/codec-session', { headers });
}

describe('a codec session', () => {
  it('sets an HttpOnly, SameSite=Lax cookie for /codec only, that lives no longer than the token', async () => {
    const supervisor = authHeaders({ role: 'supervisor', id: 'sv-0001' }, { expiresIn: 900 });
    const answer = await openSession(supervisor);
    expect(answer.status).toBe(200);
    expect(answer.body.webUiUrl).toBe(`http://127.0.0.1:${config.temporal.uiPort}`);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeGreaterThan(800_000);

    const setCookie = answer.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    const [pair, ...attributes] = setCookie[0].split(/;\s*/);
    expect(pair).toBe(`wegwijs_session=${supervisor.authorization.slice('Bearer '.length)}`);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/codec', 'HttpOnly', 'SameSite=Lax']));
    const maxAge = Number(attributes.find((attribute) => attribute.startsWith('Max-Age='))?.slice('Max-Age='.length));
    expect(maxAge).toBeGreaterThan(800);
    expect(maxAge).toBeLessThanOrEqual(900);

    // The cookie opens the codec, and nothing else.
    const encoded = await request(baseUrl, 'POST', '/codec/encode', { body: { payloads: [] }, headers: { cookie: pair } });
    expect(encoded.status).toBe(200);
    expect((await request(baseUrl, 'GET', '/tasks/mine', { headers: { cookie: pair } })).status).toBe(401);
  });

  it('is made once per link: the same token again is refused', async () => {
    const supervisor = authHeaders({ role: 'supervisor', id: 'sv-0002' });
    expect((await openSession(supervisor)).status).toBe(200);
    const again = await openSession(supervisor);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/codec-session-link-used' });
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('never lasts longer than a working day', async () => {
    const answer = await openSession(authHeaders({ role: 'admin', id: 'adm-01' }, { expiresIn: 7 * 24 * 3600 }));
    expect(answer.status).toBe(200);
    expect(Date.parse(answer.body.expiresAt) - Date.now()).toBeLessThanOrEqual(8 * 3600_000);
  });

  it('is for supervisors and administrators with a bearer token only', async () => {
    const klantmanager = await openSession(KLANTMANAGER);
    expect(klantmanager.status).toBe(403);
    expect(klantmanager.body).toMatchObject({ type: '/problems/forbidden-role' });
    expect(klantmanager.headers.getSetCookie()).toEqual([]);

    const supervisorToken = authHeaders({ role: 'supervisor', id: 'sv-0003' }).authorization.slice('Bearer '.length);
    const cookieOnly = await openSession({ cookie: `wegwijs_session=${supervisorToken}` });
    expect(cookieOnly.status).toBe(401);
  });

  it('is opened by a page that takes the token from the URL fragment, within the API’s content security policy', async () => {
    const page = await fetch(`${baseUrl}/codec-session`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="/codec-session/sign-in.js"></script>');
    const script = await fetch(`${baseUrl}/codec-session/sign-in.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain("history.replaceState(null, '', location.pathname)");
  });
});
