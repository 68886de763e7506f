import type { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { loadConfiguration } from '@wegwijs/config';
import { AppModule } from '../app.module';
import { ProblemException } from '../problem-details/problem.exception';
import { ProblemType } from '../problem-details/problem-types';
import type { AuthenticatedActor } from './authenticated-actor';
import type { TrajectoryAccess } from './trajectory-access';
import { AuthorizeTrajectory, declaredTrajectoryAccess, TrajectoryAccessGuard } from './trajectory-access.guard';

const SUPERVISOR: AuthenticatedActor = { role: 'supervisor', id: 'sv-0001', municipalities: ['GM0392'] };

class Handlers {
  @AuthorizeTrajectory({ action: 'read', operation: 'tests.read' })
  read(): void {}
}

function contextFor(trajectoryId: string): ExecutionContext {
  const request = { params: { trajectoryId }, actor: SUPERVISOR };
  return { getHandler: () => Handlers.prototype.read, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('TrajectoryAccessGuard', () => {
  const decisions: unknown[][] = [];
  const access = { authorize: async (...args: unknown[]) => void decisions.push(args) } as unknown as TrajectoryAccess;
  const guard = new TrajectoryAccessGuard(new Reflector(), access);
  beforeEach(() => (decisions.length = 0));

  it('decides access to the trajectory in the path, with the action and operation the route declares', async () => {
    await expect(guard.canActivate(contextFor('GM0392.HLM-2019-0042'))).resolves.toBe(true);
    expect(decisions).toEqual([[SUPERVISOR, 'GM0392.HLM-2019-0042', { action: 'read', operation: 'tests.read' }]]);
  });

  it('answers 422 naming trajectoryId for a path that cannot be a trajectory id, before any access is decided or logged', async () => {
    const refusal = await guard.canActivate(contextFor('GM0392..x')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem).toBe(ProblemType.validationFailed);
    expect((refusal as ProblemException).extensions).toEqual({ errors: [{ field: 'trajectoryId', message: 'must look like GM0392.HLM-2019-0042' }] });
    expect(decisions).toEqual([]);
  });
});

it('guards every route of the API on one trajectory (a :trajectoryId in its path) with @AuthorizeTrajectory', async () => {
  const app = await NestFactory.create(AppModule.register({ config: loadConfiguration({}), definitions: [] }), { preview: true, logger: false });
  try {
    const reflector = new Reflector();
    const routes: { route: string; guarded: boolean }[] = [];
    for (const module of app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(prototype)) {
          const handler = prototype[name] as object;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
          if (name === 'constructor' || path === undefined) continue;
          const route = `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${Reflect.getMetadata(PATH_METADATA, metatype as object)}/${path}`;
          if (route.includes(':trajectoryId')) routes.push({ route: route.replace(/\/+$/, '').replace(/\/\//g, '/'), guarded: declaredTrajectoryAccess(reflector, handler) !== undefined });
        }
      }
    }
    expect(routes.map(({ route }) => route)).toEqual(
      expect.arrayContaining(['GET /trajectories/:trajectoryId', 'POST /trajectories/:trajectoryId/milestones', 'POST /trajectories/:trajectoryId/clocks/:clockId/extend']),
    );
    expect(routes.filter(({ guarded }) => !guarded)).toEqual([]);
  } finally {
    await app.close();
  }
});
