/**
 * One handler per node kind: what a token does when it arrives there. Boundary events are no
 * nodes a token arrives at; the steps they sit on arm them (boundary-events.ts).
 */
import type { CompiledNode, CompiledNodeKind } from '@wegwijs/definitions/runtime';
import type { NodeHandler } from '../simulation';
import { callActivityHandler } from './call-activity';
import { endHandler } from './end';
import { eventBasedGatewayHandler } from './event-based-gateway';
import { exclusiveGatewayHandler } from './exclusive-gateway';
import { inclusiveGatewayHandler } from './inclusive-gateway';
import { milestoneWaitHandler } from './milestone-wait';
import { parallelGatewayHandler } from './parallel-gateway';
import { serviceTaskHandler } from './service-task';
import { startHandler } from './start';
import { subProcessHandler } from './sub-process';
import { terminateEndHandler } from './terminate-end';
import { timerHandler } from './timer';

type Handlers = { readonly [K in Exclude<CompiledNodeKind, 'boundaryTimer' | 'boundaryMilestone'>]: NodeHandler<Extract<CompiledNode, { kind: K }>> };

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
};

/** The handler of a node; a token never arrives at a boundary event, so asking for one is a bug. */
export function nodeHandlerFor(node: CompiledNode): NodeHandler {
  if (node.kind === 'boundaryTimer' || node.kind === 'boundaryMilestone') throw new Error(`A token cannot arrive at boundary event ${node.id}`);
  return HANDLERS[node.kind] as NodeHandler;
}

export type { CallResult } from './call-activity';
