import { Body, Controller, Headers, HttpCode, Inject, Logger, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { AesGcmPayloadCodec, UnknownPayloadKeyError } from '@wegwijs/temporal';
import { AllowedRoles } from '../identity/allowed-roles.decorator';
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
    problem(CodecProblemType.originNotAllowed, "Origin https://elsewhere.example is not the Temporal Web UI's"),
    problem(ProblemType.forbiddenRole, 'The role klantmanager may not do this; allowed: supervisor, admin', { allowedRoles: ['supervisor', 'admin'] }),
  );
}

/**
 * Temporal's remote-codec contract, for the Web UI (and `temporal --codec-endpoint`): payloads
 * in, payloads out, encrypted or decrypted with the keys the worker uses. Decrypted payloads
 * hold personal data, so only supervisors and administrators may ask.
 */
@ApiTags('codec')
@ApiBearerAuth()
@ApiCookieAuth(SESSION_COOKIE)
// Roles that may see decrypted payloads: those who look after stuck trajectories in the Web UI.
@AllowedRoles(['supervisor', 'admin'])
@AcceptsSessionCookie()
@ApiHeader({ name: 'X-Namespace', required: false, description: 'The Temporal namespace; only Wegwijs’s own is served' })
@Controller('codec')
export class CodecController {
  private readonly logger = new Logger('codec');

  constructor(
    private readonly codec: AesGcmPayloadCodec,
    @Inject(WEGWIJS_CONFIGURATION) private readonly config: WegwijsConfiguration,
  ) {}

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads under the current key (the Web UI does this for input it sends, e.g. signals)' })
  @ApiBody({ schema: { example: BODY_EXAMPLE } })
  @ApiOkResponse({ description: 'The payloads, encrypted, in the same order', schema: { type: 'object', example: BODY_EXAMPLE } })
  @codecProblems('/codec/encode')
  async encode(@Body() body: unknown, @Headers('x-namespace') namespace: string | undefined): Promise<CodecBody> {
    this.checkNamespace(namespace);
    return toCodecBody(await this.codec.encode(parseCodecBody(body)));
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decrypt payloads; one under a key id this installation no longer has comes back as it was, still encrypted',
  })
  @ApiBody({ schema: { example: BODY_EXAMPLE } })
  @ApiOkResponse({ description: 'The payloads, decrypted where possible, in the same order', schema: { type: 'object', example: DECODED_EXAMPLE } })
  @codecProblems('/codec/decode')
  async decode(@Body() body: unknown, @Headers('x-namespace') namespace: string | undefined): Promise<CodecBody> {
    this.checkNamespace(namespace);
    const payloads = parseCodecBody(body);
    return toCodecBody(await Promise.all(payloads.map((payload) => this.decodeOne(payload))));
  }

  /**
   * One payload the codec cannot read must not blank the whole history page in the UI: it is
   * returned as it came. An unknown key id is expected after a key is retired; anything else
   * (altered ciphertext, a different key under the same id) is logged — by key id, nothing more.
   */
  private async decodeOne(payload: Payload): Promise<Payload> {
    try {
      const [decoded] = await this.codec.decode([payload]);
      return decoded;
    } catch (error) {
      if (!(error instanceof UnknownPayloadKeyError)) this.logger.warn(`payload left encrypted: ${(error as Error).name}: ${(error as Error).message}`);
      return payload;
    }
  }

  private checkNamespace(namespace: string | undefined): void {
    // The Temporal CLI sends an empty X-Namespace; only a named other namespace is refused.
    if (namespace && namespace !== this.config.temporal.namespace) {
      throw new ProblemException(CodecProblemType.namespaceNotServed, `Namespace ${namespace} is not served here`);
    }
  }
}
