import { Body, Controller, Headers, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { namespacesOfMunicipalities, servedNamespaces, type WegwijsConfiguration } from '@wegwijs/config';
import { AesGcmPayloadCodec, createPayloadCodec, PayloadOfAnotherNamespaceError, UnknownPayloadKeyError } from '@wegwijs/temporal';
import { Actor } from '../identity/actor.decorator';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
import type { AuthenticatedActor } from '../identity/authenticated-actor';
import { AcceptsSessionCookie, SESSION_COOKIE } from '../identity/session-cookie.decorator';
import { ApiProblems, problem } from '../problem-details/api-problems';
import { ProblemType } from '../problem-details/problem-types';
import { ProblemException } from '../problem-details/problem.exception';
import { WEGWIJS_CONFIGURATION } from '../infrastructure/tokens';
import { CodecProblemType } from './codec-problem-types';
import { parseCodecBody, toCodecBody, type CodecBody } from './codec-payloads';

const BODY_EXAMPLE = {
  payloads: [{ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'azIwMjYtMTE=' }, data: 'q1c3…' }],
};
const DECODED_EXAMPLE = { payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'eyJtaWxlc3RvbmUiOiJpbnRha2UuY29tcGxldGVkIn0=' }] };

function codecProblems(path: string) {
  return ApiProblems(
    path,
    problem(ProblemType.validationFailed, 'Invalid fields: payloads', { errors: [{ field: 'payloads', message: 'must be an array of at most 1000 payloads' }] }),
    problem(CodecProblemType.namespaceNotServed, 'Namespace other is not served here'),
    problem(CodecProblemType.namespaceNotYours, 'Namespace wegwijs-amsterdam holds no trajectories of your municipalities (GM0392)'),
    problem(CodecProblemType.originNotAllowed, "Origin https://elsewhere.example is not the Temporal Web UI's"),
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor, admin', { allowedRoles: ['supervisor', 'admin'] }),
  );
}

/**
 * Temporal's remote-codec contract, for the Web UI (and `temporal --codec-endpoint`): payloads
 * in, payloads out, encrypted or decrypted with the keys the worker uses. Decrypted payloads
 * hold personal data, so only supervisors and administrators may ask, and only for a namespace
 * (X-Namespace; empty or missing: TEMPORAL_NAMESPACE) that holds one of their municipalities'
 * trajectories (TEMPORAL_NAMESPACES) — a supervisor of Amsterdam reads nothing of Haarlem's.
 * Encrypting reveals nothing, so any supervisor or administrator may encrypt for a served namespace.
 *
 * One keyring serves every namespace: this check, not the key, is what keeps municipalities apart
 * in the Web UI (see docs/deploy/README.md, "Payload keys and namespaces").
 */
@ApiTags('codec')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
// Roles that may see decrypted payloads: those who look after stuck trajectories in the Web UI.
@AllowedRoles(['supervisor', 'admin'])
@AcceptsSessionCookie()
@ApiHeader({
  name: 'X-Namespace',
  required: false,
  description: 'The Temporal namespace (the Web UI sends it; empty or missing: the default namespace); decoding only in a namespace of your municipalities',
})
@Controller('codec')
export class CodecController {
  private readonly logger = new Logger('codec');
  /** A codec per served namespace, each reading only the payloads bound to its namespace. */
  private readonly codecs: ReadonlyMap<string, AesGcmPayloadCodec>;

  constructor(@Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration) {
    this.codecs = new Map(servedNamespaces(config).map((namespace) => [namespace, createPayloadCodec(config, namespace)]));
  }

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads under the current key (the Web UI does this for input it sends, e.g. signals)' })
  @ApiBody({ schema: { example: BODY_EXAMPLE } })
  @ApiOkResponse({ description: 'The payloads, encrypted, in the same order', schema: { type: 'object', example: BODY_EXAMPLE } })
  @codecProblems('/codec/encode')
  async encode(@Body() body: unknown, @Headers('x-namespace') namespace: string | undefined): Promise<CodecBody> {
    return toCodecBody(await this.codecOf(this.servedNamespace(namespace)).encode(parseCodecBody(body)));
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decrypt payloads; one under a key id this installation no longer has comes back as it was, still encrypted',
  })
  @ApiBody({ schema: { example: BODY_EXAMPLE } })
  @ApiOkResponse({ description: 'The payloads, decrypted where possible, in the same order', schema: { type: 'object', example: DECODED_EXAMPLE } })
  @codecProblems('/codec/decode')
  async decode(@Body() body: unknown, @Headers('x-namespace') namespace: string | undefined, @Actor() actor: AuthenticatedActor): Promise<CodecBody> {
    const served = this.servedNamespace(namespace);
    if (!namespacesOfMunicipalities(this.config, actor.municipalities).includes(served)) {
      throw new ProblemException(
        CodecProblemType.namespaceNotYours,
        `Namespace ${served} holds no trajectories of your municipalities (${actor.municipalities.join(', ') || 'none'})`,
      );
    }
    const payloads = parseCodecBody(body);
    const codec = this.codecOf(served);
    return toCodecBody(await Promise.all(payloads.map((payload) => this.decodeOne(codec, payload))));
  }

  /**
   * One payload the codec cannot read must not blank the whole history page in the UI: it is
   * returned as it came. An unknown key id is expected after a key is retired; anything else
   * (altered ciphertext, a different key under the same id, a payload of another namespace) is
   * logged — by key id and namespace names, nothing more.
   */
  private async decodeOne(codec: AesGcmPayloadCodec, payload: Payload): Promise<Payload> {
    try {
      const [decoded] = await codec.decode([payload]);
      return decoded;
    } catch (error) {
      if (!(error instanceof UnknownPayloadKeyError)) {
        this.logger.warn(`payload left encrypted${error instanceof PayloadOfAnotherNamespaceError ? ' (asked in the wrong namespace)' : ''}: ${(error as Error).name}: ${(error as Error).message}`);
      }
      return payload;
    }
  }

  private codecOf(namespace: string): AesGcmPayloadCodec {
    return this.codecs.get(namespace)!;
  }

  /** The namespace asked about; the Temporal CLI sends an empty X-Namespace, which means the default one. */
  private servedNamespace(namespace: string | undefined): string {
    const asked = namespace?.trim() || this.config.temporal.namespace;
    if (!this.codecs.has(asked)) {
      throw new ProblemException(CodecProblemType.namespaceNotServed, `Namespace ${asked} is not served here`);
    }
    return asked;
  }
}
