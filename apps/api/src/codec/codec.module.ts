import { Module } from '@nestjs/common';
import { CodecController } from './codec.controller';
import { CodecSessionController } from './codec-session.controller';

/**
 * The codec server (`POST /codec/encode`, `POST /codec/decode`) and the sign-in that lets the
 * Web UI use it from a supervisor's browser (`/codec-session`). The codec's CORS and body parsing are
 * Express middleware: `codecMiddleware` in app.factory.ts, since preflights never reach a route.
 */
@Module({
  controllers: [CodecController, CodecSessionController],
})
export class CodecModule {}
