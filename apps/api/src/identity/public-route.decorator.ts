import { Reflector } from '@nestjs/core';

/** Marks a route that needs no access token: health checks for the orchestrator, the API docs. */
export const PublicRoute = Reflector.createDecorator<true>({ transform: () => true });
