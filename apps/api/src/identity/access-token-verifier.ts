/**
 * Verifies bearer access tokens (JWTs, as an OIDC identity provider issues them) and reads the
 * caller from them: `sub` as the pseudonymous user id, the roles claim, the municipalities claim.
 * Keys come from the provider's JWKS URL (fetched and cached by jose, rotated keys picked up by
 * `kid`) or from one configured public key; `npm start` configures its development key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { ACTOR_ROLES, isBuiltInRole, isRoleId } from '@wegwijs/domain';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthenticatedActor } from './authenticated-actor';

/** Asymmetric algorithms only: a shared secret would let the API mint tokens itself. */
const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
/** Clocks of the identity provider and Wegwijs may differ this much (seconds). */
const CLOCK_TOLERANCE_SECONDS = 30;
const PSEUDONYMOUS_ID = /^[A-Za-z0-9_.@:-]{1,128}$/;
const MUNICIPALITY_CODE = /^GM\d{4}$/;

/** Why a token was refused; the message names the reason, never the token or its claims' values. */
export class AccessTokenRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessTokenRejectedError';
  }
}

/** Thrown when no verification key is configured: the API refuses to start rather than accept anyone. */
export class AuthenticationNotConfiguredError extends Error {
  constructor() {
    super('Set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, with AUTH_ISSUER (npm start configures a development key by itself)');
    this.name = 'AuthenticationNotConfiguredError';
  }
}

/** Whether a published definition declares `role` (e.g. jobcoach); asked only for roles that are not built in. */
export type IsDeclaredRole = (role: string) => Promise<boolean>;

const NO_DECLARED_ROLES: IsDeclaredRole = async () => false;

/** How many non-built-in role claims are looked up among the declared roles at most: a token cannot make the API search at will. */
const MAX_DECLARED_ROLE_CANDIDATES = 5;

export class AccessTokenVerifier {
  private constructor(
    private readonly key: KeyObject | JWTVerifyGetKey,
    private readonly settings: WegwijsConfiguration['authentication'] & { issuer: string },
    private readonly isDeclaredRole: IsDeclaredRole,
  ) {}

  static fromConfiguration(settings: WegwijsConfiguration['authentication'], isDeclaredRole: IsDeclaredRole = NO_DECLARED_ROLES): AccessTokenVerifier {
    const { issuer } = settings;
    if (!issuer || (!settings.jwksUrl && !settings.publicKey)) throw new AuthenticationNotConfiguredError();
    const key = settings.jwksUrl ? createRemoteJWKSet(new URL(settings.jwksUrl)) : parsePublicKey(settings.publicKey!);
    return new AccessTokenVerifier(key, { ...settings, issuer }, isDeclaredRole);
  }

  /** The caller the token names; throws `AccessTokenRejectedError` for any token not to be trusted. */
  async verify(token: string): Promise<AuthenticatedActor> {
    let claims: JWTPayload;
    try {
      const verified = await jwtVerify(token, this.key as KeyObject, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp'],
      });
      claims = verified.payload;
    } catch (error) {
      throw new AccessTokenRejectedError(rejectionReason(error));
    }
    return await this.actorFrom(claims);
  }

  private async actorFrom(claims: JWTPayload): Promise<AuthenticatedActor> {
    const id = claims.sub ?? '';
    if (!PSEUDONYMOUS_ID.test(id)) throw new AccessTokenRejectedError('the token subject is not a pseudonymous user id');
    const roles = await this.wegwijsRoles(listClaim(claims, this.settings.rolesClaim));
    if (roles.length !== 1) {
      throw new AccessTokenRejectedError(
        `the token must carry exactly one Wegwijs role in '${this.settings.rolesClaim}' (one of ${ACTOR_ROLES.join(', ')}, or a role a published definition declares); it carries ${roles.length}`,
      );
    }
    const municipalities = listClaim(claims, this.settings.municipalitiesClaim);
    if (municipalities.length === 0 || !municipalities.every((code) => MUNICIPALITY_CODE.test(code))) {
      throw new AccessTokenRejectedError(`the token must list the caller's municipalities in '${this.settings.municipalitiesClaim}' as CBS codes (GM0392)`);
    }
    return Object.freeze({ role: roles[0], id, municipalities: Object.freeze([...new Set(municipalities)]) });
  }

  /**
   * The claim's values that are Wegwijs roles. Identity providers put other applications' roles in
   * the same claim, so the rest is ignored; declared roles are looked up only when no built-in role
   * is there (a token with one stays as cheap to check as before).
   */
  private async wegwijsRoles(claimed: readonly string[]): Promise<string[]> {
    const builtIn = claimed.filter(isBuiltInRole);
    if (builtIn.length > 0) return builtIn;
    const candidates = [...new Set(claimed.filter(isRoleId))].slice(0, MAX_DECLARED_ROLE_CANDIDATES);
    const declared = await Promise.all(candidates.map(async (role) => ((await this.isDeclaredRole(role)) ? role : undefined)));
    return declared.filter((role): role is string => role !== undefined);
  }
}

function parsePublicKey(text: string): KeyObject {
  return text.startsWith('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: JSON.parse(text), format: 'jwk' });
}

/** A claim that may be a string or a list of strings, as identity providers differ. */
function listClaim(claims: JWTPayload, name: string): string[] {
  const value = claims[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function rejectionReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's '${error.claim}' claim is not accepted here`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm Wegwijs does not accept';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'the token is not a well-formed JWT';
  if (error instanceof errors.JWKSTimeout) return 'the identity provider did not answer in time';
  return 'the token could not be verified';
}
