import { DynamicModule, Module } from '@nestjs/common';
import type { WegwijsConfiguration } from '@wegwijs/config';
import { AesGcmPayloadCodec, createPayloadCodec } from '@wegwijs/temporal';
import { CODEC_CONFIGURATION, CodecController } from './codec.controller';
import { CodecSessionController } from './codec-session.controller';

/**
 * The codec server (`POST /codec/encode`, `POST /codec/decode`) and the sign-in that lets the
 * Web UI use it from a supervisor's browser (`/codec-session`). The codec's CORS and body parsing are
 * Express middleware: `codecMiddleware` in app.factory.ts, since preflights never reach a route.
 */
@Module({})
export class CodecModule {
  static register(config: WegwijsConfiguration): DynamicModule {
    return {
      module: CodecModule,
      controllers: [CodecController, CodecSessionController],
      providers: [
        { provide: CODEC_CONFIGURATION, useValue: config },
        { provide: AesGcmPayloadCodec, useFactory: () => createPayloadCodec(config) },
      ],
    };
  }
}
