/**
 * Addresses on this machine as a client (a browser, the demo) reaches them.
 *
 *   `http://${reachableHost(config.api.host)}:${config.api.port}`; // 0.0.0.0 → 127.0.0.1
 */

/** A wildcard listen address is not one a client can connect to: use the loopback address instead. */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
