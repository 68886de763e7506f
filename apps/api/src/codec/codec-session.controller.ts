import { createHash } from 'node:crypto';
import { Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { CodecSessionLinks } from '@wegwijs/persistence';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import { PublicRoute } from '../identity/public-route.decorator';
import { SESSION_COOKIE } from '../identity/session-cookie.decorator';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { codecAllowedOrigins } from './codec-cors';
import { CodecProblemType } from './codec-problem-types';

/** The longest a session may last, whatever the token says: one working day. */
const MAX_SESSION_SECONDS = 8 * 3600;

export interface CodecSession {
  /** When the cookie (and the token in it) stops working. */
  readonly expiresAt: string;
  /** Where the supervisor goes next. */
  readonly webUiUrl: string;
}

/**
 * Signs a supervisor's browser in to the codec, for the Temporal Web UI: the Web UI can send
 * cookies with its codec requests ("Include cross-origin credentials") but no token of ours.
 *
 * A supervisor opens a one-time link, `/codec-session#token=<access token>` (`wegwijs tokens issue
 * --codec-session` prints one; an OIDC front end can send its user there). The page's script
 * takes the token out of the address bar and history, then POSTs it as a bearer token; the answer
 * sets the `wegwijs_session` cookie — HttpOnly, SameSite=Lax, Path=/codec, no longer than the
 * token lives — and the page opens the Web UI. The token sits in the fragment so that it never
 * reaches a server log or a Referer; each token makes one session. The cookie is accepted on
 * /codec only (see AcceptsSessionCookie), which changes nothing, so it opens no CSRF hole.
 */
@ApiTags('codec')
@Controller('codec-session')
export class CodecSessionController {
  /** Hashes of the tokens that made a session, until they expire, in PostgreSQL: a link works once in all API processes. */
  private readonly usedLinks: CodecSessionLinks;

  constructor(@Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration, dataSource: DataSource) {
    this.usedLinks = new CodecSessionLinks(dataSource);
  }

  /** The page a codec session link opens (a browser page, not an API operation: not in the OpenAPI description). */
  @Get()
  @PublicRoute()
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  page(@Res() response: Response): void {
    response.type('html').send(SIGN_IN_PAGE);
  }

  /** The page's script: served, not inlined, for the API's content security policy. */
  @Get('sign-in.js')
  @PublicRoute()
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  script(@Res() response: Response): void {
    response.type('text/javascript').send(SIGN_IN_SCRIPT);
  }

  @Post()
  @HttpCode(200)
  @ApiBearerAuth()
  @AllowedRoles(['supervisor', 'admin'])
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Set the codec session cookie from this bearer token (once per token); answers when it expires and where the Web UI is' })
  @ApiOkResponse({ description: 'The session; Set-Cookie carries it', schema: { example: { expiresAt: '2026-11-28T18:00:00.000Z', webUiUrl: 'http://127.0.0.1:8233' } } })
  @ApiProblems(
    '/codec-session',
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor, admin', { allowedRoles: ['supervisor', 'admin'] }),
    problem(CodecProblemType.sessionLinkUsed, 'This link has signed a browser in already; ask for a new one'),
  )
  async open(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<CodecSession> {
    // The guard verified this very token (bearer only here: the cookie is not accepted on this route).
    const token = request.header('authorization')!.slice('Bearer '.length);
    const nowMs = Date.now();
    const linkId = createHash('sha256').update(token).digest('base64url');
    const expiresMs = Math.min((decodeJwt(token).exp ?? 0) * 1000, nowMs + MAX_SESSION_SECONDS * 1000);
    if (!(await this.usedLinks.useOnce(linkId, new Date(expiresMs)))) {
      throw new ProblemException(CodecProblemType.sessionLinkUsed, 'This link has signed a browser in already; ask for a new one');
    }
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/codec',
      secure: request.secure,
      maxAge: Math.max(0, expiresMs - nowMs),
    });
    return { expiresAt: new Date(expiresMs).toISOString(), webUiUrl: this.config.temporal.uiUrl ?? codecAllowedOrigins(this.config)[0] };
  }
}

const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Wegwijs: codec sign-in</title></head>
<body>
<h1>Wegwijs codec</h1>
<p id="status">Signing this browser in to decode payloads in the Temporal Web UI…</p>
<p><a id="web-ui" hidden>Open the Temporal Web UI</a></p>
<script src="/codec-session/sign-in.js"></script>
</body>
</html>
`;

const SIGN_IN_SCRIPT = `(async () => {
  const status = document.getElementById('status');
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  // The token leaves the address bar and the history before anything else happens.
  history.replaceState(null, '', location.pathname);
  if (!token) {
    status.textContent = 'This link carries no token: ask for a new codec session link.';
    return;
  }
  const answer = await fetch(location.pathname, { method: 'POST', headers: { authorization: 'Bearer ' + token } });
  const body = await answer.json();
  if (!answer.ok) {
    status.textContent = 'Not signed in: ' + body.title + '.';
    return;
  }
  status.textContent = 'Signed in to the codec until ' + body.expiresAt + '.';
  const link = document.getElementById('web-ui');
  link.href = body.webUiUrl;
  link.hidden = false;
  location.assign(body.webUiUrl);
})();
`;
