/**
 * One handler per node kind: what a token does when it arrives there. Boundary events are no
 * nodes a token arrives at; the steps they sit on arm them (boundary-events.ts).
 */
import type { CompiledNode, CompiledNodeKind } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';
import { callActivityHandler } from './call-activity';
import { clockExpiredHandler } from './clock-expired';
import { endHandler } from './end';
import { eventBasedGatewayHandler } from './event-based-gateway';
import { exclusiveGatewayHandler } from './exclusive-gateway';
import { inclusiveGatewayHandler } from './inclusive-gateway';
import { milestoneWaitHandler } from './milestone-wait';
import { multiInstanceHandler } from './multi-instance';
import { parallelGatewayHandler } from './parallel-gateway';
import { serviceTaskHandler } from './service-task';
import { startHandler } from './start';
import { subProcessHandler } from './sub-process';
import { terminateEndHandler } from './terminate-end';
import { timerHandler } from './timer';

/** Boundary events: a token never arrives at one. */
type BoundaryKind = 'boundaryTimer' | 'boundaryMilestone' | 'boundaryError' | 'boundaryClockExpired';
const BOUNDARY_KINDS: ReadonlySet<string> = new Set<BoundaryKind>(['boundaryTimer', 'boundaryMilestone', 'boundaryError', 'boundaryClockExpired']);

type Handlers = { readonly [K in Exclude<CompiledNodeKind, BoundaryKind>]: NodeHandler<Extract<CompiledNode, { kind: K }>> };

const HANDLERS: Handlers = {
  start: startHandler,
  end: endHandler,
  terminateEnd: terminateEndHandler,
  serviceTask: serviceTaskHandler,
  milestoneWait: milestoneWaitHandler,
  timer: timerHandler,
  exclusiveGateway: exclusiveGatewayHandler,
  parallelGateway: parallelGatewayHandler,
  eventBasedGateway: eventBasedGatewayHandler,
  inclusiveGateway: inclusiveGatewayHandler,
  subProcess: subProcessHandler,
  callActivity: callActivityHandler,
  multiInstance: multiInstanceHandler,
  clockExpired: clockExpiredHandler,
};

/** The handler of a node; a token never arrives at a boundary event, so asking for one is a bug. */
export function nodeHandlerFor(node: CompiledNode): NodeHandler {
  if (BOUNDARY_KINDS.has(node.kind)) throw new Error(`A token cannot arrive at boundary event ${node.id}`);
  return HANDLERS[node.kind as keyof Handlers] as NodeHandler;
}

export type { CallResult } from './call-activity';
