import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule, type ApiModuleOptions } from './app.module';
import { codecMiddleware } from './codec';
import cors from 'cors';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { definitionSourceParsers } from './definitions/definition-source';
import { acceptMediaTypes, bodyProblems, exceptUnder, JSON_MEDIA_TYPES, jsonBody } from './http/request-bodies';
import { documentRequestBodyProblems } from './problem-details/api-problems';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { createValidationPipe } from './problem-details/validation';
import { DEVELOPMENT_IDP_PATH, developmentIdentityProviderRouter, WEB_APP_PATH, webAppRouter } from './web-app/web-app';
import type { Router } from 'express';
import { createLogger } from '@wegwijs/telemetry';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { requestTelemetry } from './observability/request-telemetry';

/** Requests carry milestones and facts, never documents: anything larger is a mistake or an attack. */
const JSON_BODY_LIMIT = '64kb';

/**
 * The configured NestJS application, not yet listening. `main.ts` and the end-to-end tests both
 * build it here, so tests exercise exactly what runs.
 */
export async function createApiApplication(options: ApiModuleOptions): Promise<NestExpressApplication> {
  const logger = options.logger ?? createLogger(options.config.logLevel, options.config.observability.serviceName ?? 'wegwijs-api');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options, logger), { bodyParser: false, bufferLogs: true });
  // Nest's own lines (start-up, warnings of the features) as JSON through the same logger.
  app.useLogger(app.get(PinoNestLogger));
  // Before everything else: every request, also one refused by CORS or the body rules, is correlated, traced and logged.
  app.use(...requestTelemetry(logger));
  const identityProvider = options.config.webApp.developmentIdentityProvider ? await developmentIdentityProviderRouter(options.config) : undefined;
  return configureApiApplication(app, options, identityProvider);
}

/**
 * The API's OpenAPI 3.1 description, from the code. Built in Nest's preview mode — controllers and
 * their metadata without any provider — so it needs no database or Temporal; the committed
 * docs/openapi.json is this, and a test fails when they drift apart.
 */
export async function describeApi(options: ApiModuleOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.register(options), { preview: true, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

function openApiDocument(app: INestApplication): OpenAPIObject {
  return documentRequestBodyProblems(openApiDocumentOfTheControllers(app));
}

function openApiDocumentOfTheControllers(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Wegwijs API')
      .setDescription(
        'Trajectories of status holders: start them, report milestones, correct facts, cancel; tasks for people; ' +
          "Temporal's remote payload codec. Errors are application/problem+json (RFC 9457) with a stable type per error.",
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from the municipality\'s identity provider (development: `npm run wegwijs -- tokens issue`)' })
      .addCookieAuth('wegwijs_session', { type: 'apiKey', in: 'cookie', name: 'wegwijs_session', description: 'Codec only: the Temporal Web UI\'s session' })
      .build(),
  );
}

function configureApiApplication(app: NestExpressApplication, options: ApiModuleOptions, identityProvider: Router | undefined): NestExpressApplication {
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(apiCors(options.config.http.corsOrigins));
  // The web app and the development identity provider answer before the API's body rules.
  app.use(WEB_APP_PATH, webAppRouter(options.config));
  if (identityProvider) app.use(DEVELOPMENT_IDP_PATH, identityProvider);
  // The codec and the definitions read their bodies themselves; every other path takes JSON only.
  app.use('/codec', ...codecMiddleware(options.config));
  app.use('/definitions', ...definitionSourceParsers());
  app.use(exceptUnder(['/codec', '/definitions'], [acceptMediaTypes(JSON_MEDIA_TYPES), ...jsonBody(JSON_BODY_LIMIT), bodyProblems]));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/**
 * CORS for the configured origins only (a municipality's own front end), never with cookies:
 * the API takes bearer tokens. /codec has its own CORS, for the Temporal Web UI.
 */
function apiCors(origins: readonly string[]) {
  const forOrigins = cors({ origin: [...origins], credentials: false, maxAge: 600 });
  return (request: Request, response: Response, next: NextFunction) => (request.path.startsWith('/codec') ? next() : forOrigins(request, response, next));
}
