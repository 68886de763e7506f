/**
 * The token-signing key of `npm start` when no identity provider is configured: an ES256 key
 * pair generated once and kept in `<WEGWIJS_DATA_DIR>/token-signing-key.jwk` (mode 0600). The
 * development identity provider (mounted in the API at /oidc, its issuer `developmentIssuer`)
 * signs the web app's tokens with it and publishes its public half as its JWKS, which the API
 * verifies against; `wegwijs tokens issue` signs development tokens with the private half, as the
 * same issuer. A municipality's installation sets AUTH_JWKS_URL and AUTH_ISSUER of its own
 * identity provider instead, and this key plays no part.
 *
 *   const key = await ensureDevelopmentSigningKey('.data');
 *   const token = await issueDevelopmentToken(key, { role: 'klantmanager', id: 'km-0007', municipalities: ['GM0392'], issuer });
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActorRole } from '@wegwijs/domain';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

export const DEVELOPMENT_SIGNING_KEY_FILE = 'token-signing-key.jwk';
export const DEVELOPMENT_TOKEN_AUDIENCE = 'wegwijs-api';
const ALGORITHM = 'ES256';

export interface DevelopmentSigningKey {
  readonly privateJwk: JWK;
  /** For AUTH_PUBLIC_KEY: the public half as JSON. */
  readonly publicJwk: string;
  readonly path: string;
  readonly created: boolean;
}

export interface DevelopmentTokenClaims {
  readonly role: ActorRole;
  /** Pseudonymous user id: becomes the token's `sub`. */
  readonly id: string;
  readonly municipalities: readonly string[];
  /** The `iss`: the API's AUTH_ISSUER, by default `developmentIssuer` of its address. */
  readonly issuer: string;
  /** Lifetime, in jose's notation ('8h', '15m'); a working day by default. */
  readonly expiresIn?: string;
}

/** Thrown when the key file can be read by other users of the machine. */
export class DevelopmentSigningKeyExposedError extends Error {
  constructor(readonly path: string) {
    super(`${path} is readable by others: run chmod 600 on it, or delete it to generate a new key`);
    this.name = 'DevelopmentSigningKeyExposedError';
  }
}

export async function ensureDevelopmentSigningKey(dataDir: string): Promise<DevelopmentSigningKey> {
  const path = join(dataDir, DEVELOPMENT_SIGNING_KEY_FILE);
  let created = false;
  try {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: ALGORITHM, kid: `dev-${randomUUID().slice(0, 8)}` };
    // 'wx': never replace a key whose tokens are in use.
    await writeFile(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (((await stat(path)).mode & 0o077) !== 0) throw new DevelopmentSigningKeyExposedError(path);
  }
  const privateJwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk: JSON.stringify(publicJwk), path, created };
}

/** A signed access token in the shape the API expects from an identity provider. */
export async function issueDevelopmentToken(key: DevelopmentSigningKey, claims: DevelopmentTokenClaims): Promise<string> {
  return new SignJWT({ roles: [claims.role], municipalities: [...claims.municipalities] })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.privateJwk.kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setAudience(DEVELOPMENT_TOKEN_AUDIENCE)
    .setSubject(claims.id)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '8h')
    .sign(await importJWK(key.privateJwk, ALGORITHM));
}

/**
 * The issuer of `npm start`'s development identity provider: the API's address as a browser
 * reaches it, with the provider's mount point.
 */
export function developmentIssuer(api: { readonly host: string; readonly port: number }): string {
  return `http://${browserHost(api.host)}:${api.port}/oidc`;
}

/** The API's address as a browser on this machine reaches it: a wildcard listen address is not one. */
export function browserHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
