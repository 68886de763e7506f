/**
 * The activities and milestones the example definitions use (examples/minimal.yaml and
 * examples/all-node-kinds.yaml, examples/events.yaml), for the CLI's default registry and the tests.
 */
import type { CapabilityRegistry } from '../src/validate/capability-registry';

export const exampleCapabilities: CapabilityRegistry = {
  activities: {
    recordTrajectoryEvent: { description: 'Appends a named event (eventType) to the trajectory history, for the reports' },
    notifyKlantmanager: { description: "Puts a task or reminder (message) in the client manager's work list" },
    // What a human task runs as (compile/expand-human-tasks.ts): a diagram exported from
    // examples/participation.yaml imports back as these parts.
    openHumanTask: { description: "Opens a human task in its role's worklist, completed by milestone task.<node id>" },
    remindAboutHumanTask: { description: 'Reminds the role that a human task is still open' },
    // examples/events.yaml: an activity that declares the business errors an error event may catch.
    bookLanguageCourse: {
      description: 'Books a seat on a language course; result booked',
      result: { booked: { type: 'boolean' } },
      errors: { NoCourseSeat: 'Every course near the person is full', CourseProviderClosed: 'The provider no longer runs courses' },
    },
  },
  milestones: {
    'intake.completed': { description: 'The brede intake is done', roles: ['klantmanager'] },
    'plan.agreed': { description: 'The plan van aanpak is agreed; payload.route', roles: ['klantmanager'], payload: { route: { type: 'string', required: true, values: ['werk', 'onderwijs'] } } },
    'trajectory.movedAway': { description: 'The person moved to another municipality', roles: ['klantmanager'] },
    'clock.suspended': { description: 'Example clock pause' },
    'clock.resumed': { description: 'Example clock restart' },
    'clock.extended': { description: 'Example clock extension; payload.extension', payload: { extension: { type: 'duration', required: true } } },
    'clock.stopped': { description: 'Example clock stop' },
  },
};
