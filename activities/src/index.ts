/**
 * The side effects of trajectories: every activity, built from its dependencies.
 *
 *   const worker = await Worker.create({ activities: createActivities({ eventStore, now: () => new Date() }), ... });
 */
export * from './create-activities';
export * from './capabilities';
