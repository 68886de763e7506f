// Global setup imports this by relative path (Jest loads it without the @wegwijs aliases).
// eslint-disable-next-line @nx/enforce-module-boundaries -- the one place tests reach into devstack by path
export { freePort } from '../../libs/devstack/src/free-port';
