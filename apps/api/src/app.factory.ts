import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule, type ApiModuleOptions } from './app.module';
import { codecMiddleware } from './codec';
import { definitionSourceParsers } from './definitions/definition-source';
import { json } from 'express';
import { bodyParserProblems, ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { createValidationPipe } from './problem-details/validation';

/** Requests carry milestones and facts, never documents: anything larger is a mistake or an attack. */
const JSON_BODY_LIMIT = '64kb';

/**
 * The configured NestJS application, not yet listening. `main.ts` and the end-to-end tests both
 * build it here, so tests exercise exactly what runs.
 */
export async function createApiApplication(options: ApiModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), {
    bodyParser: false,
    logger: loggerLevels(options.config.logLevel),
  });
  return configureApiApplication(app, options);
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
      .build(),
  );
}

function configureApiApplication(app: NestExpressApplication, options: ApiModuleOptions): NestExpressApplication {
  // Before the general body parser, which leaves a body parsed here alone.
  app.use('/codec', ...codecMiddleware(options.config));
  app.use('/definitions', ...definitionSourceParsers(), bodyParserProblems);
  app.use(json({ limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] }), bodyParserProblems);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

function loggerLevels(level: ApiModuleOptions['config']['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
