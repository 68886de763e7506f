/**
 * A cohort of trajectories in the past whose progress-report figures are known in advance, started
 * and reported through the API as a klantmanager would: eight people housed on 9 January 2017
 * (clockedDefinitionYaml: an inburgering term of three years from the permit), six of whom took the
 * NOA assessment on 13 February 2017 (35 days after housing), two of whom got their permit in June
 * 2014 so that their term ended on 1 June 2017. Over 2017 the report then says:
 *
 *   NOA assessments 6 · inburgering within term 6 · term passed 2 (shown "<5") · cohort 2017-Q1:
 *   housed 8, NOA assessment reached by 6, median 35 days
 *
 *   await recordReportCohort(apiUrl, 'GM0363', klantmanagerHeaders, beleidHeaders);
 */
import { newCaseReference } from './case-references';
import { pollUntil, request } from './http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from './published-definitions';

export const REPORT_COHORT = {
  period: { from: '2017-01-01', to: '2017-12-31' },
  housingDate: '2017-01-09',
  noaAssessedOn: '2017-02-13',
  noaAssessments: 6,
  withinTerm: 6,
  termPassed: 2,
  housed: 8,
  medianDaysToNoa: 35,
} as const;

export async function recordReportCohort(baseUrl: string, municipality: string, klantmanager: Record<string, string>, beleid: Record<string, string>): Promise<string[]> {
  const definitionKey = newDefinitionKey('report-cohort');
  await publishDefinition(baseUrl, clockedDefinitionYaml(definitionKey), beleid);
  const trajectoryIds: string[] = [];
  for (let person = 0; person < REPORT_COHORT.housed; person++) {
    const termPassed = person >= REPORT_COHORT.housed - REPORT_COHORT.termPassed;
    const started = await request(baseUrl, 'POST', '/trajectories', {
      headers: klantmanager,
      body: {
        municipality,
        caseReference: newCaseReference(),
        definitionKey,
        facts: { housingDate: REPORT_COHORT.housingDate, permitGrantedDate: termPassed ? '2014-06-01' : '2016-12-01' },
      },
    });
    if (started.status !== 201) throw new Error(`starting a trajectory of the report cohort: ${started.status} ${JSON.stringify(started.body)}`);
    trajectoryIds.push(started.body.trajectoryId);
  }
  for (const trajectoryId of trajectoryIds.slice(0, REPORT_COHORT.noaAssessments)) {
    // The trajectory takes the report once its workflow waits for it.
    const assessed = await pollUntil(
      () =>
        request(baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
          body: { milestone: 'intake.noaAssessmentDone', occurredOn: REPORT_COHORT.noaAssessedOn },
          headers: { ...klantmanager, 'idempotency-key': `noa-${trajectoryId}` },
        }),
      (answer) => answer.status === 200,
    );
    if (assessed.status !== 200) throw new Error(`reporting the NOA assessment of ${trajectoryId}: ${assessed.status} ${JSON.stringify(assessed.body)}`);
  }
  return trajectoryIds;
}
