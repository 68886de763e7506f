import { Reflector } from '@nestjs/core';

/**
 * The cookie a browser session carries the access token in, and the marker for the routes that
 * accept it. Only the codec accepts it: the Temporal Web UI can send cookies but no bearer token
 * of ours, and decoding payloads changes nothing, so a cross-site request could not do harm
 * there. Every route that changes data takes bearer tokens only (no CSRF surface).
 */
export const SESSION_COOKIE = 'wegwijs_session';

export const AcceptsSessionCookie = Reflector.createDecorator<true>({ transform: () => true });
