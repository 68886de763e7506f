/**
 * The progress report straight from the event store: reads the report's event types in global
 * order, in batches, upcasts them and folds them into a `ProgressReportBuilder`. Memory grows
 * with the number of trajectories, not of events.
 *
 *   const report = await loadProgressReport(dataSource, { from: '2018-01-01', to: '2019-03-31', municipalities: ['GM0392', 'GM0473'] });
 */
import type { DataSource } from 'typeorm';
import { readEventsAfter, START_OF_FEED } from '../projected-event';
import { UpcasterRegistry, WEGWIJS_UPCASTERS } from '../upcasting/upcaster-registry';
import { PROGRESS_REPORT_EVENTS, ProgressReportBuilder, type ProgressReport, type ProgressReportOptions } from './progress-report';

export async function loadProgressReport(
  dataSource: DataSource,
  options: ProgressReportOptions,
  upcasters: UpcasterRegistry = WEGWIJS_UPCASTERS,
  batchSize = 5_000,
): Promise<ProgressReport> {
  const builder = new ProgressReportBuilder(options);
  // One snapshot for all batches: every event committed when the report starts, none missed
  // because some other transaction happens to be open, none counted from halfway through.
  await dataSource.transaction('REPEATABLE READ', async (manager) => {
    let position = START_OF_FEED;
    for (;;) {
      const batch = await readEventsAfter(manager, position, { types: PROGRESS_REPORT_EVENTS, limit: batchSize, wholeSnapshot: true });
      for (const event of batch) builder.add(upcasters.upcast(event));
      if (batch.length < batchSize) break;
      position = batch[batch.length - 1].feedPosition;
    }
  });
  return builder.build();
}
