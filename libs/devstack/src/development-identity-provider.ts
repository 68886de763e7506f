/**
 * The development identity provider of `npm start` and the tests: `oidc-provider` (a certified
 * OpenID Provider) with a handful of development users, mounted in the API process at /oidc. The
 * web app signs in against it with the authorization code flow and PKCE, exactly as against a
 * municipality's provider; its access tokens are JWTs signed with the development key and carry
 * the claims the API reads (`roles`, `municipalities`), so the API verifies them through the
 * provider's JWKS like any other. A municipality's installation never turns it on
 * (WEGWIJS_DEVELOPMENT_IDP): it sets AUTH_ISSUER and AUTH_JWKS_URL of its own provider.
 *
 *   app.use('/oidc', await developmentIdentityProvider({ issuer, signingKey, audience, client }));
 */
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import type { ActorRole } from '@wegwijs/domain';
import type { JWK } from 'jose';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

/** A development user: pseudonymous id, one role, the municipalities they work for. */
export interface DevelopmentUser {
  readonly id: string;
  readonly role: ActorRole;
  readonly municipalities: readonly string[];
  /** How the sign-in page lists them (no real names: these are roles, not people). */
  readonly label: string;
}

const MUNICIPALITY_NAMES: Record<string, string> = { GM0392: 'Haarlem', GM0363: 'Amsterdam' };

/**
 * Who can sign in: each municipal role in Haarlem (GM0392) and in Amsterdam (GM0363); and a job
 * coach in Haarlem, a role no code knows: the API accepts it once a published definition declares
 * `jobcoach` (definitions/examples/participation-jobcoach.yaml does), as it would any role a
 * programme of the municipality's own declares.
 */
export const DEVELOPMENT_USERS: readonly DevelopmentUser[] = [
  ...(['GM0392', 'GM0363'] as const).flatMap((municipality) =>
    (
      [
        ['klantmanager', 'km'],
        ['supervisor', 'sv'],
        ['beleid', 'bl'],
        ['admin', 'ad'],
      ] as const
    ).map(([role, prefix]) => ({
      id: `${prefix}-${municipality.slice(2)}`,
      role,
      municipalities: [municipality],
      label: `${role} · ${MUNICIPALITY_NAMES[municipality]} (${municipality})`,
    })),
  ),
  { id: 'jc-0392', role: 'jobcoach', municipalities: ['GM0392'], label: 'jobcoach · Haarlem (GM0392), een rol die een gepubliceerde definitie declareert' },
];

export interface DevelopmentIdentityProviderOptions {
  /** The provider's issuer: the public URL of its mount point, e.g. http://127.0.0.1:3000/oidc. */
  readonly issuer: string;
  /** The development signing key (private JWK, ES256), the same key `wegwijs tokens issue` signs with. */
  readonly signingKey: JWK;
  /** The `aud` of access tokens: what the API expects (AUTH_AUDIENCE). */
  readonly audience: string;
  /** The web app, a public client. */
  readonly client: { readonly clientId: string; readonly redirectUris: readonly string[]; readonly postLogoutRedirectUris: readonly string[] };
}

/** Access tokens live a quarter of an hour (renewed with the refresh token); a sign-in a working day. */
const ACCESS_TOKEN_SECONDS = 15 * 60;
const SESSION_SECONDS = 8 * 60 * 60;
/** The scope the API's resource grants; the web app asks for `openid` and gets it by default. */
const API_SCOPE = 'wegwijs';

export async function developmentIdentityProvider(options: DevelopmentIdentityProviderOptions): Promise<Router> {
  // oidc-provider ships ES modules only; Node ≥ 20.19 loads them from this CommonJS code.
  const { default: Provider, errors } = await import('oidc-provider');
  const apiResource = new URL('/', options.issuer).href;
  const usersById = new Map(DEVELOPMENT_USERS.map((user) => [user.id, user]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [...options.client.redirectUris],
        post_logout_redirect_uris: [...options.client.postLogoutRedirectUris],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        // The development key is an ES256 key; the provider's default would be RS256.
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [options.signingKey as never] },
    // Cookies of the provider's own session; a restart signs everyone out, which suits development.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    findAccount: (_ctx, id) => {
      const user = usersById.get(id);
      return user ? { accountId: user.id, claims: () => ({ sub: user.id }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${new URL(options.issuer).pathname}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource: (ctx, form) => void (ctx.body = signOutPage(form)) },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== apiResource) throw new errors.InvalidTarget();
          return { scope: API_SCOPE, audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: ACCESS_TOKEN_SECONDS, jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    // The claims the API authorises by, as a municipality's provider maps them.
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && typeof token.accountId === 'string' ? usersById.get(token.accountId) : undefined;
      return user ? { roles: [user.role], municipalities: [...user.municipalities] } : undefined;
    },
    // The web app is the municipality's own: no consent screen, the grant is given at sign-in.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid');
      grant.addResourceScope(apiResource, API_SCOPE);
      await grant.save();
      return grant;
    },
    // Its own page rather than the library's, which loads a web font from the internet.
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Aanmelden is niet gelukt', `<p>${escapeHtml(String(out.error ?? 'error'))}: ${escapeHtml(String(out.error_description ?? ''))}</p>`);
    },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: ACCESS_TOKEN_SECONDS,
      AuthorizationCode: 60,
      IdToken: ACCESS_TOKEN_SECONDS,
      Interaction: 10 * 60,
      Session: SESSION_SECONDS,
      Grant: SESSION_SECONDS,
      RefreshToken: SESSION_SECONDS,
    },
  };
  const provider = new Provider(options.issuer, configuration);

  const router = express.Router();
  router.get('/interaction/:uid', async (request, response, next) => {
    try {
      const details = await provider.interactionDetails(request, response);
      if (details.prompt.name !== 'login') throw new Error(`unexpected interaction prompt ${details.prompt.name}`);
      response.type('html').set('cache-control', 'no-store').send(signInPage(request.originalUrl, undefined));
    } catch (error) {
      next(error);
    }
  });
  router.post('/interaction/:uid', express.urlencoded({ extended: false, limit: '2kb' }), async (request, response, next) => {
    try {
      const user = usersById.get(String((request.body as Record<string, unknown>)?.user ?? ''));
      if (!user) {
        response.status(400).type('html').send(signInPage(request.originalUrl, 'Kies een ontwikkelgebruiker.'));
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });
  router.use(provider.callback());
  return router;
}

/** The sign-in page: choose a development user. Plain, accessible HTML in Dutch. */
function signInPage(action: string, problem: string | undefined): string {
  const choices = DEVELOPMENT_USERS.map(
    (user, index) =>
      `<div><input type="radio" name="user" id="user-${index}" value="${user.id}"${index === 0 ? ' checked' : ''}><label for="user-${index}">${user.label} — ${user.id}</label></div>`,
  ).join('\n');
  return page(
    'Aanmelden bij Wegwijs (ontwikkeling)',
    `<p>Dit is de identiteitsprovider voor ontwikkeling van <code>npm start</code>: kies met welke rol u zich aanmeldt.</p>
${problem ? `<p role="alert" class="problem">${problem}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<fieldset><legend>Ontwikkelgebruiker</legend>
${choices}
</fieldset>
<button type="submit">Aanmelden</button>
</form>`,
  );
}

function signOutPage(form: string): string {
  return page(
    'Afmelden bij Wegwijs',
    `<p>Wilt u zich afmelden?</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Ja, afmelden</button>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
fieldset{border:1px solid #595959;padding:1rem;margin:1rem 0}fieldset div{margin:.25rem 0}label{margin-left:.5rem}
button{font:inherit;padding:.5rem 1.25rem;background:#00529b;color:#fff;border:0;border-radius:3px;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #f9dd4a;outline-offset:2px}.problem{color:#a00000;font-weight:bold}</style></head>
<body><main><h1>${title}</h1>
${body}
</main></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
