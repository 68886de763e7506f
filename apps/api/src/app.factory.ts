import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type ApiModuleOptions } from './app.module';
import { codecMiddleware } from './codec';
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
  // Before the general body parser, which leaves a body parsed here alone.
  app.use('/codec', ...codecMiddleware(options.config));
  app.use(json({ limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] }), bodyParserProblems);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wegwijs API')
      .setDescription('Trajectories of status holders: start them, report milestones, read state and history. Errors are application/problem+json.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

function loggerLevels(level: ApiModuleOptions['config']['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
