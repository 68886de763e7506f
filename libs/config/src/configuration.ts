/**
 * Wegwijs's configuration: every environment variable the processes read, validated once at
 * start-up and handed around as one typed, frozen object.
 *
 *   const config = loadConfiguration(process.env); // throws InvalidConfigurationError
 *   config.temporal.address; // '127.0.0.1:7233'
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
/** A port that may be left unset (or empty): the thing it is for is then off. */
const optionalPort = optionalText.pipe(z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(1).max(65535)).optional());

/** A whole number that may be left unset (or empty): the SDK's default then applies. */
const optionalCount = optionalText.pipe(z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).optional());

/** A key id: short and safe to write into payload metadata and logs. */
const PAYLOAD_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PAYLOAD_KEY_BYTES = 32;

/**
 * A keyring variable (`WEGWIJS_PAYLOAD_KEYS`, `WEGWIJS_PERSON_DATA_KEYS`): `id:<base64 of 32
 * bytes>,id:<base64>,…`, the first being the key that encrypts from now on, every listed key
 * still decrypting. Messages name key ids and positions, never key material.
 */
const keyring = z.string().transform((value, context): PayloadKey[] | typeof z.NEVER => {
  const keys: PayloadKey[] = [];
  const entries = value.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator);
    const encoded = separator < 0 ? '' : entry.slice(separator + 1);
    const where = `key ${index + 1}${PAYLOAD_KEY_ID.test(id) ? ` (${id})` : ''}`;
    if (!PAYLOAD_KEY_ID.test(id)) {
      context.addIssue({ code: 'custom', message: `${where}: must be id:base64 with an id of 1-64 letters, digits, '.', '_' or '-'` });
      continue;
    }
    if (keys.some((key) => key.id === id)) {
      context.addIssue({ code: 'custom', message: `${where}: the id is used twice` });
      continue;
    }
    const bytes = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || bytes.length !== PAYLOAD_KEY_BYTES) {
      context.addIssue({ code: 'custom', message: `${where}: must be base64 of exactly ${PAYLOAD_KEY_BYTES} random bytes` });
      continue;
    }
    keys.push(payloadKey(id, bytes));
  }
  return keys.length === entries.length ? keys : z.NEVER;
});

/**
 * A key with its bytes kept out of `JSON.stringify` and `console.log`, so logging the
 * configuration cannot leak it.
 */
function payloadKey(id: string, bytes: Uint8Array): PayloadKey {
  const key = { id } as PayloadKey;
  Object.defineProperty(key, 'bytes', { value: Uint8Array.from(bytes), enumerable: false });
  return Object.freeze(key);
}

/**
 * An exact ISO 8601 duration of days, hours, minutes and seconds (`PT30M`, `P1DT12H`, `PT0S`) in
 * milliseconds. Years and months have no fixed length, so they are not accepted.
 */
const exactDuration = z
  .string()
  .trim()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/, 'must be an ISO 8601 duration of days, hours, minutes and seconds, such as PT30M')
  .refine((value) => value !== 'P' && !value.endsWith('T'), 'must be an ISO 8601 duration of days, hours, minutes and seconds, such as PT30M')
  .transform((value) => {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value)!;
    return (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
  });

/** `AUTH_PUBLIC_KEY`: one public key as a JWK (JSON) or PEM (SPKI); never a private or symmetric key. */
const publicKey = z.string().superRefine((value, context) => {
  if (value.startsWith('-----BEGIN PUBLIC KEY-----')) return;
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(value) as Record<string, unknown>;
  } catch {
    context.addIssue({ code: 'custom', message: 'must be a JWK (JSON) or a PEM public key (-----BEGIN PUBLIC KEY-----)' });
    return;
  }
  if (typeof jwk !== 'object' || jwk === null || !['EC', 'RSA', 'OKP'].includes(String(jwk.kty)) || 'd' in jwk) {
    context.addIssue({ code: 'custom', message: 'must be a public EC, RSA or OKP JWK (no private part)' });
  }
});

/** A Temporal namespace name as the server accepts it (letters, digits, '.', '_', '-'). */
const NAMESPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
/** A CBS municipality code. */
const MUNICIPALITY_CODE = /^GM\d{4}$/;

/**
 * `TEMPORAL_NAMESPACES`: `GM0392=haarlem,GM0363=amsterdam` — the namespace each municipality's
 * trajectories live in. A shared service centre maps several codes to one namespace; a code not
 * listed stays in TEMPORAL_NAMESPACE.
 */
const namespaceMap = z.string().transform((value, context): Record<string, string> | typeof z.NEVER => {
  const map: Record<string, string> = {};
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [code = '', namespace = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (!MUNICIPALITY_CODE.test(code) || !NAMESPACE_NAME.test(namespace) || rest.length > 0) {
      context.addIssue({ code: 'custom', message: `${entry}: must be GMnnnn=namespace (a CBS code, then letters, digits, '.', '_' or '-')` });
    } else if (code in map) {
      context.addIssue({ code: 'custom', message: `${code} is mapped twice` });
    } else {
      map[code] = namespace;
    }
  }
  return Object.keys(map).length === entries.length ? map : z.NEVER;
});

/** `API_CORS_ORIGINS`: comma-separated origins such as `https://wegwijs.haarlem.nl`, no paths. */
const origins = z.string().transform((value, context): string[] | typeof z.NEVER => {
  const list = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = list.filter((entry) => !/^https?:\/\/[^/\s]+$/.test(entry));
  if (bad.length > 0) {
    context.addIssue({ code: 'custom', message: `not an origin (scheme://host[:port]): ${bad.join(', ')}` });
    return z.NEVER;
  }
  return list;
});

/** The variables, their defaults and their rules. README's configuration table mirrors this. */
const environmentSchema = z.object({
  WEGWIJS_DATA_DIR: z.string().min(1).default('.data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  EMBEDDED_DATABASE_PORT: port.default(54329),
  TEMPORAL_ADDRESS: optionalText.pipe(
    z
      .string()
      .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port')
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.string().trim().regex(NAMESPACE_NAME, "must be a namespace name: letters, digits, '.', '_' or '-'").default('default'),
  TEMPORAL_NAMESPACES: optionalText.pipe(namespaceMap.optional()),
  // The Temporal CLI's own names, so one environment serves `temporal operator …` and Wegwijs.
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('wegwijs-trajectories'),
  TEMPORAL_DEV_SERVER_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: optionalText.pipe(z.url().optional()),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_CALL_TIMEOUT: exactDuration.default(10_000),
  WORKFLOW_BUNDLE_PATH: optionalText,
  WORKER_MAX_CACHED_WORKFLOWS: optionalCount,
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1000).default(40),
  WORKER_WORKFLOW_TASK_POLLERS: optionalCount.pipe(z.number().min(2, 'must be at least 2 (one for the sticky queue, one for the shared one)').max(100).optional()),
  WORKER_STICKY_QUEUE_TIMEOUT: exactDuration.default(10_000),
  RESTART_DELAY: exactDuration.default(1000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  API_METRICS_PORT: optionalPort,
  WORKER_METRICS_PORT: optionalPort,
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
  OTEL_SERVICE_NAME: optionalText,
  SMTP_HOST: optionalText,
  SMTP_PORT: port.default(587),
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  SMTP_FROM: z.string().trim().default('Wegwijs <no-reply@wegwijs.invalid>'),
  NOTIFICATION_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  // The default is PT30M; Zod 4 takes a default in the parsed form.
  TECHNICAL_STALL_AFTER: exactDuration.default(30 * 60_000),
  WEGWIJS_PAYLOAD_KEYS: optionalText.pipe(keyring.optional()),
  WEGWIJS_PERSON_DATA_KEYS: optionalText.pipe(keyring.optional()),
  AUTH_JWKS_URL: optionalText.pipe(z.url().optional()),
  AUTH_PUBLIC_KEY: optionalText.pipe(publicKey.optional()),
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: z.string().trim().min(1).default('wegwijs-api'),
  AUTH_ROLES_CLAIM: z.string().trim().min(1).default('roles'),
  AUTH_MUNICIPALITIES_CLAIM: z.string().trim().min(1).default('municipalities'),
  API_CORS_ORIGINS: optionalText.pipe(origins.optional()),
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  WEB_OIDC_CLIENT_ID: z.string().trim().min(1).default('wegwijs-web'),
  WEB_OIDC_SCOPE: z.string().trim().min(1).default('openid'),
  WEGWIJS_DEVELOPMENT_IDP: z.enum(['on', 'off']).default('off'),
});

export type ConfigurationEnvironment = z.input<typeof environmentSchema>;

/**
 * An AES-256 key for Temporal payloads, or a master key wrapping people's data keys; `bytes` is
 * not enumerable, so it stays out of logs.
 */
export interface PayloadKey {
  readonly id: string;
  readonly bytes: Uint8Array;
}

export interface WegwijsConfiguration {
  readonly dataDir: string;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  readonly api: { readonly host: string; readonly port: number };
  readonly database: {
    /** The PostgreSQL to use; `undefined` means the embedded PGlite database of `npm start`. */
    readonly url: string | undefined;
    readonly poolSize: number;
    readonly embeddedPort: number;
  };
  readonly temporal: {
    /** The cluster to use; `undefined` means the dev server that `npm start` runs itself. */
    readonly address: string | undefined;
    /**
     * The default namespace: trajectories of municipalities `namespacesByMunicipality` does not
     * list live here (with no map, all of them — one namespace, as before tenancy).
     */
    readonly namespace: string;
    /** CBS code → namespace (TEMPORAL_NAMESPACES); see `namespaceOfMunicipality` and `servedNamespaces`. */
    readonly namespacesByMunicipality: Readonly<Record<string, string>>;
    /**
     * TLS to the frontend (files, PEM): `undefined` means plain gRPC (the dev server). With a
     * client certificate and key it is mTLS; `caPath` trusts a private CA instead of the system's.
     */
    readonly tls:
      | { readonly clientCertPath: string | undefined; readonly clientKeyPath: string | undefined; readonly caPath: string | undefined; readonly serverName: string | undefined }
      | undefined;
    readonly taskQueue: string;
    readonly devServerPort: number;
    readonly uiPort: number;
    /** Where supervisors open the Web UI; derived from the dev server when not set. */
    readonly uiUrl: string | undefined;
    readonly cliPath: string | undefined;
    /**
     * How long the API waits for a call that needs a worker (a start, a milestone, a query) before
     * it answers 503 with Retry-After: with no worker polling, Temporal would hold it open.
     */
    readonly callTimeoutMs: number;
    /**
     * The prebuilt workflow bundle a worker loads (`npm run build:workflows`); `undefined`: the
     * default place under dist/ in production (NODE_ENV=production), webpack at start elsewhere.
     */
    readonly workflowBundlePath: string | undefined;
  };
  /**
   * How a worker takes on workflow tasks (one shared set: the worker process and the benchmarks
   * use `workflowTaskTuning(config)` from @wegwijs/temporal). See docs/deploy/capacity.md.
   */
  readonly worker: {
    /**
     * Workflows kept in memory between their tasks (0: none; each task then replays the whole
     * history); `undefined`: the SDK's default, about 600 per GiB of heap.
     */
    readonly maxCachedWorkflows: number | undefined;
    /** Workflow tasks in hand at once; they share one thread, and each must finish within its task timeout. */
    readonly maxConcurrentWorkflowTaskExecutions: number;
    /** Long polls for workflow tasks (the worker's own sticky queue and the shared one together); `undefined`: the SDK's default, 10 at most and no more than the slots. */
    readonly workflowTaskPollers: number | undefined;
    /** How long a task waits for the worker that has its workflow cached before any worker may take it. */
    readonly stickyQueueScheduleToStartTimeoutMs: number;
  };
  readonly localStack: {
    /** `npm start`: the first wait before a crashed part is started again (doubled per quick crash, at most 30 s). */
    readonly restartDelayMs: number;
  };
  readonly notifications: {
    /** The SMTP server; `undefined` means the development stand-in that writes mails to files. */
    readonly smtp:
      | { readonly host: string; readonly port: number; readonly secure: boolean; readonly from: string; readonly auth?: { readonly user: string; readonly pass: string } }
      | undefined;
    readonly intervalSeconds: number;
  };
  readonly supervision: {
    /**
     * How long an activity may keep failing (from its first attempt to a failed later one) before
     * its trajectory is marked stuck with the error's class; 0 marks it at the first failure.
     */
    readonly technicalStallAfterMs: number;
  };
  readonly payloadEncryption: {
    /**
     * The keys Temporal payloads are encrypted with, current first; `undefined` when
     * WEGWIJS_PAYLOAD_KEYS is unset — then connecting to Temporal fails, except under `npm start`,
     * which supplies a development key from its data directory.
     */
    readonly keys: readonly PayloadKey[] | undefined;
  };
  readonly personData: {
    /**
     * Master keys that wrap each person's data key (crypto-shredding), current first; older ones
     * still unwrap. `undefined` when WEGWIJS_PERSON_DATA_KEYS is unset — then the API and worker
     * refuse to start, except under `npm start` with its embedded database, which supplies a
     * development key from its data directory.
     */
    readonly masterKeys: readonly PayloadKey[] | undefined;
  };
  readonly authentication: {
    /** Where the identity provider publishes its signing keys (OIDC `jwks_uri`). */
    readonly jwksUrl: string | undefined;
    /** A single configured verification key (JWK JSON or PEM), instead of a JWKS URL. */
    readonly publicKey: string | undefined;
    /** The `iss` every token must carry; `undefined` only when no key is configured either. */
    readonly issuer: string | undefined;
    readonly audience: string;
    /** Claim holding the Wegwijs role(s), e.g. `roles` or `realm_access.roles` is mapped there by the IdP. */
    readonly rolesClaim: string;
    readonly municipalitiesClaim: string;
  };
  readonly webApp: {
    /** The app's client id at the identity provider (a public client: authorization code + PKCE). */
    readonly clientId: string;
    /** The scopes the app asks for; the access token must still carry the roles and municipalities claims. */
    readonly scope: string;
    /**
     * Whether the API process serves `npm start`'s development identity provider at /oidc (issuer
     * AUTH_ISSUER), signing with the development key; never on in a municipality's installation.
     */
    readonly developmentIdentityProvider: boolean;
  };
  readonly observability: {
    /** Where the metrics endpoints listen: an address Prometheus reaches, never the public one. */
    readonly metricsHost: string;
    /** The API's `/metrics` port; `undefined`: no metrics endpoint. */
    readonly apiMetricsPort: number | undefined;
    /** The worker's `/metrics` port (Temporal SDK metrics and the worker's own); `undefined`: none. */
    readonly workerMetricsPort: number | undefined;
    /** When set, a scrape must carry `Authorization: Bearer <token>`. */
    readonly metricsToken: string | undefined;
    /** OTLP/HTTP collector base URL (`…/v1/traces` is appended); `undefined`: spans are made but not exported. */
    readonly otlpEndpoint: string | undefined;
    /** `service.name` of the spans; `undefined`: `wegwijs-api` or `wegwijs-worker`. */
    readonly serviceName: string | undefined;
  };
  readonly http: {
    /** Browser origins allowed to call the API (besides the Web UI on /codec); none by default. */
    readonly corsOrigins: readonly string[];
    readonly rateLimitPerMinute: number;
  };
}

/** Thrown when environment variables are missing or malformed; names every bad variable. */
export class InvalidConfigurationError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** Reads and validates the configuration; throws `InvalidConfigurationError` naming each bad variable. */
export function loadConfiguration(environment: Record<string, string | undefined>): WegwijsConfiguration {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new InvalidConfigurationError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  const env = parsed.data;
  if (env.AUTH_JWKS_URL && env.AUTH_PUBLIC_KEY) {
    throw new InvalidConfigurationError([{ variable: 'AUTH_PUBLIC_KEY', message: 'set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both' }]);
  }
  if ((env.AUTH_JWKS_URL || env.AUTH_PUBLIC_KEY) && !env.AUTH_ISSUER) {
    throw new InvalidConfigurationError([{ variable: 'AUTH_ISSUER', message: 'required with AUTH_JWKS_URL or AUTH_PUBLIC_KEY: tokens from any other issuer are refused' }]);
  }
  if ((env.TEMPORAL_TLS_CERT === undefined) !== (env.TEMPORAL_TLS_KEY === undefined)) {
    throw new InvalidConfigurationError([{ variable: env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT', message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate for mTLS)' }]);
  }
  if ((env.SMTP_USER === undefined) !== (env.SMTP_PASSWORD === undefined)) {
    throw new InvalidConfigurationError([{ variable: env.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER', message: 'SMTP_USER and SMTP_PASSWORD go together' }]);
  }
  return Object.freeze({
    dataDir: env.WEGWIJS_DATA_DIR,
    logLevel: env.LOG_LEVEL,
    api: Object.freeze({ host: env.API_HOST, port: env.API_PORT }),
    database: Object.freeze({
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      embeddedPort: env.EMBEDDED_DATABASE_PORT,
    }),
    temporal: Object.freeze({
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      namespacesByMunicipality: Object.freeze({ ...env.TEMPORAL_NAMESPACES }),
      tls:
        env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME
          ? Object.freeze({ clientCertPath: env.TEMPORAL_TLS_CERT, clientKeyPath: env.TEMPORAL_TLS_KEY, caPath: env.TEMPORAL_TLS_CA, serverName: env.TEMPORAL_TLS_SERVER_NAME })
          : undefined,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      devServerPort: env.TEMPORAL_DEV_SERVER_PORT,
      uiPort: env.TEMPORAL_UI_PORT,
      uiUrl: env.TEMPORAL_UI_URL,
      cliPath: env.TEMPORAL_CLI_PATH,
      callTimeoutMs: env.TEMPORAL_CALL_TIMEOUT,
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    }),
    worker: Object.freeze({
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      workflowTaskPollers: env.WORKER_WORKFLOW_TASK_POLLERS,
      stickyQueueScheduleToStartTimeoutMs: env.WORKER_STICKY_QUEUE_TIMEOUT,
    }),
    localStack: Object.freeze({ restartDelayMs: env.RESTART_DELAY }),
    notifications: Object.freeze({
      smtp: env.SMTP_HOST
        ? {
            host: env.SMTP_HOST,
            port: env.SMTP_PORT,
            secure: env.SMTP_SECURE === 'true',
            from: env.SMTP_FROM,
            ...(env.SMTP_USER && env.SMTP_PASSWORD ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } } : {}),
          }
        : undefined,
      intervalSeconds: env.NOTIFICATION_INTERVAL_SECONDS,
    }),
    supervision: Object.freeze({ technicalStallAfterMs: env.TECHNICAL_STALL_AFTER }),
    payloadEncryption: Object.freeze({ keys: env.WEGWIJS_PAYLOAD_KEYS ? Object.freeze(env.WEGWIJS_PAYLOAD_KEYS) : undefined }),
    personData: Object.freeze({ masterKeys: env.WEGWIJS_PERSON_DATA_KEYS ? Object.freeze(env.WEGWIJS_PERSON_DATA_KEYS) : undefined }),
    authentication: Object.freeze({
      jwksUrl: env.AUTH_JWKS_URL,
      publicKey: env.AUTH_PUBLIC_KEY,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      rolesClaim: env.AUTH_ROLES_CLAIM,
      municipalitiesClaim: env.AUTH_MUNICIPALITIES_CLAIM,
    }),
    webApp: Object.freeze({ clientId: env.WEB_OIDC_CLIENT_ID, scope: env.WEB_OIDC_SCOPE, developmentIdentityProvider: env.WEGWIJS_DEVELOPMENT_IDP === 'on' }),
    observability: Object.freeze({
      metricsHost: env.METRICS_HOST,
      apiMetricsPort: env.API_METRICS_PORT,
      workerMetricsPort: env.WORKER_METRICS_PORT,
      metricsToken: env.METRICS_TOKEN,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: env.OTEL_SERVICE_NAME,
    }),
    http: Object.freeze({ corsOrigins: Object.freeze(env.API_CORS_ORIGINS ?? []), rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE }),
  });
}
