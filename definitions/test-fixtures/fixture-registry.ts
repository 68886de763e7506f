/**
 * The capability registry the definition tests validate against: a few activities and
 * milestones, so fixtures fail only for the reason their file name says.
 */
import type { CapabilityRegistry } from '../src/validate/capability-registry';

export const fixtureRegistry: CapabilityRegistry = {
  activities: {
    recordTrajectoryEvent: { description: 'Appends an event to the trajectory history' },
    notifyKlantmanager: { description: 'Sends the client manager a task or reminder' },
    fetchProfile: {
      description: 'Reads a profile; declares its inputs and result, so mappings are checked',
      inputs: { source: { type: 'string', required: true }, since: { type: 'date' } },
      result: { complete: { type: 'boolean' }, score: { type: 'number' } },
      errors: { ProfileNotFound: 'There is no profile for the person' },
    },
  },
  milestones: {
    'intake.completed': { description: 'Brede intake done', roles: ['klantmanager'] },
    'plan.agreed': { description: 'Plan van aanpak agreed', roles: ['klantmanager'], payload: { route: { type: 'string', required: true } } },
    'diploma.obtained': { description: 'Inburgering diploma obtained', roles: ['klantmanager'] },
    'extension.granted': { description: 'DUO extended the term', roles: ['klantmanager'], payload: { extension: { type: 'duration', required: true } } },
  },
};
