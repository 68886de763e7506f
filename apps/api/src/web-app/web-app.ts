/**
 * The web app for klantmanagers, supervisors and beleid (apps/web), served by the API process at
 * /app: its production build, `/app/config.json` (where to sign in), and index.html for every
 * other path under /app so the app's own routes survive a reload. With WEGWIJS_DEVELOPMENT_IDP
 * the development identity provider is mounted at /oidc beside it.
 *
 * The app holds its tokens in memory only and calls the API with bearer tokens, like any other
 * client: the API keeps no browser session and takes no cookie on a route that changes data.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { developmentIdentityProvider, ensureDevelopmentSigningKey, WEB_APP_DIST, WORKSPACE_ROOT } from '@wegwijs/devstack';
import express, { type Router } from 'express';
import helmet from 'helmet';

export const WEB_APP_PATH = '/app';
export const DEVELOPMENT_IDP_PATH = '/oidc';

/** What the app needs to sign in: the provider, its client id and scopes; nothing secret. */
export interface WebAppConfiguration {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

export function webAppRouter(config: WegwijsConfiguration): Router {
  const router = express.Router();
  router.use(webAppContentSecurityPolicy(config));
  router.get('/config.json', (_request, response) => {
    const body: WebAppConfiguration = { issuer: config.authentication.issuer ?? '', clientId: config.webApp.clientId, scope: config.webApp.scope };
    response.set('cache-control', 'no-store').json(body);
  });
  // Hashed file names: a new build has new names, so the old ones may be cached for good.
  router.use('/assets', express.static(join(WEB_APP_DIST, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  router.use(express.static(WEB_APP_DIST, { index: false }));
  router.get(/.*/, (_request, response) => {
    const index = join(WEB_APP_DIST, 'index.html');
    if (!existsSync(index)) {
      response
        .status(503)
        .type('application/problem+json')
        .json({ type: '/problems/web-app-not-built', title: 'The web app is not built', status: 503, detail: 'npm start builds it (vite build of apps/web)', instance: WEB_APP_PATH });
      return;
    }
    response.set('cache-control', 'no-cache').sendFile(index);
  });
  return router;
}

/** `npm start`'s identity provider, for the web app, signing with the development key. */
export async function developmentIdentityProviderRouter(config: WegwijsConfiguration): Promise<Router> {
  const issuer = config.authentication.issuer;
  if (!issuer) throw new Error('WEGWIJS_DEVELOPMENT_IDP=on needs AUTH_ISSUER: the address of /oidc as browsers reach it');
  const key = await ensureDevelopmentSigningKey(resolve(WORKSPACE_ROOT, config.dataDir));
  const appUrl = new URL(WEB_APP_PATH, issuer).href;
  const router = express.Router();
  router.use(webAppContentSecurityPolicy(config, { inlineStyles: true }));
  router.use(
    await developmentIdentityProvider({
      issuer,
      signingKey: key.privateJwk,
      audience: config.authentication.audience,
      client: { clientId: config.webApp.clientId, redirectUris: [`${appUrl}/signed-in`], postLogoutRedirectUris: [`${appUrl}/`] },
    }),
  );
  return router;
}

/**
 * Scripts, styles and data from this origin only, plus the identity provider's token endpoint;
 * no framing. No upgrade-insecure-requests: `npm start` serves plain http on 127.0.0.1.
 */
function webAppContentSecurityPolicy(config: WegwijsConfiguration, options: { inlineStyles?: boolean } = {}) {
  const provider = config.authentication.issuer ? new URL(config.authentication.issuer).origin : undefined;
  const withProvider = provider ? ["'self'", provider] : ["'self'"];
  return helmet.contentSecurityPolicy({
    useDefaults: true,
    directives: {
      'connect-src': withProvider,
      'form-action': withProvider,
      'style-src': options.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      'upgrade-insecure-requests': null,
    },
  });
}
