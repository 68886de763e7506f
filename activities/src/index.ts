/**
 * The side effects of trajectories: every activity, built from its dependencies, plus the
 * notification delivery loop the worker runs beside them.
 *
 *   const worker = await Worker.create({ activities: createActivities({ eventStore, taskStore, outbox, people, caseTeam, tvsProfiles, noaAgenda, now: () => new Date() }), ... });
 */
export * from './create-activities';
export * from './capabilities';
export * from './activity-events';

export * from './shared/person-directory';
export * from './shared/case-team-directory';
export * from './coa-handover/tvs-profile-source';
export * from './noa/noa-agenda';
export * from './notifications/mail-transport';
export * from './notifications/notification-delivery-loop';
export * from './notifications/file-mail-transport';
