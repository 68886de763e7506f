/**
 * `wegwijs tokens issue`: access tokens for development, signed with the development key of
 * `npm start` (in the data directory), so that the API can be tried with curl or Swagger UI
 * without an identity provider. With AUTH_JWKS_URL set, tokens come from that provider and this
 * command refuses.
 *
 *   npm run wegwijs -- tokens issue --role klantmanager --id km-0007 --municipality GM0392
 *   npm run wegwijs -- tokens issue --role supervisor --id sv-0001 --municipality GM0392 --codec-session
 *   npm run wegwijs -- tokens issue --role jobcoach --id jc-0001 --municipality GM0392   # a role a definition declares
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfiguration } from '@wegwijs/config';
import { developmentIssuer, ensureDevelopmentSigningKey, issueDevelopmentToken, WORKSPACE_ROOT } from '@wegwijs/devstack';
import { ACTOR_ROLES, isBuiltInRole, isRoleId, MUNICIPALITY_CODE_PATTERN, type ActorRole } from '@wegwijs/domain';
import { browserHost } from './start.command';

/** The roles the codec serves, and so the only ones a codec session link is for. */
const CODEC_ROLES: readonly ActorRole[] = ['supervisor', 'admin'];

export function buildTokensCommand(): Command {
  const tokens = new Command('tokens').description('Access tokens for development');
  tokens
    .command('issue')
    .description("Print a development access token (signed with npm start's key in the data directory)")
    .addOption(
      new Option('--role <role>', `the Wegwijs role: ${ACTOR_ROLES.join(', ')}, or a role a published definition declares (wegwijs capabilities lists them)`)
        .argParser(role)
        .makeOptionMandatory(),
    )
    .requiredOption('--id <id>', 'pseudonymous user id (never a name), e.g. km-0007', pseudonymousId)
    .requiredOption('--municipality <code...>', 'CBS code(s) of the municipalities the user works for, e.g. GM0392', municipalityCodes)
    .option('--expires-in <duration>', "lifetime, e.g. '15m', '8h'", '8h')
    .option('--codec-session', 'print a one-time link that signs a browser in to the codec, so the Temporal Web UI shows payloads decrypted')
    .action(async (options: { role: ActorRole; id: string; municipality: string[]; expiresIn: string; codecSession?: boolean }) => {
      const config = loadConfiguration(process.env);
      if (config.authentication.jwksUrl && !config.webApp.developmentIdentityProvider) {
        throw new Error('AUTH_JWKS_URL is set: tokens come from that identity provider, not from this command');
      }
      if (options.codecSession && !CODEC_ROLES.includes(options.role)) {
        throw new Error(`--codec-session is for the roles the codec serves: ${CODEC_ROLES.join(', ')}`);
      }
      const key = await ensureDevelopmentSigningKey(resolve(WORKSPACE_ROOT, config.dataDir));
      const token = await issueDevelopmentToken(key, { role: options.role, id: options.id, municipalities: options.municipality, expiresIn: options.expiresIn, issuer: config.authentication.issuer ?? developmentIssuer(config.api) });
      // The token goes in the fragment: browsers send it to no server, the page reads it.
      const output = options.codecSession ? `http://${browserHost(config.api.host)}:${config.api.port}/codec-session#token=${token}` : token;
      process.stdout.write(`${output}\n`);
    });
  return tokens;
}

/** A built-in role, or the id of one a definition may declare: the API accepts the latter only while a published definition declares it. */
function role(value: string): ActorRole {
  if (isBuiltInRole(value) || isRoleId(value)) return value;
  throw new InvalidArgumentError(`one of ${ACTOR_ROLES.join(', ')}, or a declared role's id (lower case letters, digits, hyphens)`);
}

function pseudonymousId(value: string): string {
  if (!/^[A-Za-z0-9_.@:-]{1,128}$/.test(value)) throw new InvalidArgumentError('letters, digits and _.@:- only: a pseudonymous id, not a name');
  return value;
}

function municipalityCodes(value: string, previous: string[] | undefined): string[] {
  if (!MUNICIPALITY_CODE_PATTERN.test(value)) throw new InvalidArgumentError('a CBS code such as GM0392');
  return [...(previous ?? []), value];
}
