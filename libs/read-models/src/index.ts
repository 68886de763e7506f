/**
 * Read models: projections of the event store that are kept up to date, rebuilt at will, and
 * the municipality's progress report. Everything here is derived from `trajectory_events`; the
 * read model tables can be emptied and rebuilt at any time without losing anything.
 *
 *   const projector = new Projector(dataSource);
 *   await projector.run(abortSignal);                                   // keep projections current
 *   const caseload = await new SqlReadModels(dataSource).caseload('km-0007');
 *   const report = await loadProgressReport(dataSource, { from: '2018-01-01', to: '2019-03-31' });
 *   process.stdout.write(progressReportToCsv(report));
 */

export * from './projected-event';
export * from './projection';
export * from './projector';
export * from './read-model-events';
export * from './read-models.port';
export * from './sql-read-models';
export * from './upcasting/upcaster-registry';
export * from './projections/trajectory-summary.projection';
export * from './projections/task-worklist.projection';
export * from './projections/deadline-calendar.projection';
export * from './projections/handover-register.projection';
export * from './progress-report/progress-report';
export * from './progress-report/progress-report-export';
export * from './progress-report/load-progress-report';
export * from './trajectory-list/list-trajectory-summaries';
export * from './synthetic/trajectory-history';
export * from './synthetic/synthetic-cohort';
export * from './synthetic/api-cohort-driver';
export * from './synthetic/expected-figures';
export * from './operations/operational-figures';
