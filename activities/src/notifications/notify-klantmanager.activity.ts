/**
 * A reminder for the klantmanager from the definition (input message, Dutch, no personal data),
 * sent as an e-mail through the outbox.
 *
 *   await notifyKlantmanager({ ..., input: { message: 'NOA-assessment nog niet afgenomen' } });
 */
import type { ServiceTaskRequest } from '@wegwijs/domain';
import { requiredString } from '../shared/inputs';
import { TrajectoryWriter, WriterDependencies } from '../shared/trajectory-writer';

export function notifyKlantmanagerActivity(deps: WriterDependencies) {
  return async function notifyKlantmanager(request: ServiceTaskRequest): Promise<{ queued: boolean }> {
    const message = requiredString(request, 'message');
    await new TrajectoryWriter(deps, request).recordWithNotifications('klantmanager.notified', { messageKind: request.nodeId }, [
      {
        audience: 'klantmanager',
        language: 'nl',
        subject: `Wegwijs: ${message} (traject ${request.trajectoryId})`,
        body: `${message}.\n\nTraject: ${request.trajectoryId}\nStap: ${request.nodeId}`,
      },
    ]);
    return { queued: true };
  };
}
