import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDefinitionSource } from '../src/compile/compile';
import { addToDate, evaluateDate, subtractFromDate } from '../src/runtime';
import { haarlemCapabilities } from './capabilities';

const haarlem = compileDefinitionSource(readFileSync(join(__dirname, 'v1.yaml'), 'utf8'), haarlemCapabilities);
const haarlemV2 = compileDefinitionSource(readFileSync(join(__dirname, 'v2.yaml'), 'utf8'), haarlemCapabilities);
const haarlemV3 = compileDefinitionSource(readFileSync(join(__dirname, 'v3.yaml'), 'utf8'), haarlemCapabilities);
const haarlemV4 = compileDefinitionSource(readFileSync(join(__dirname, 'v4.yaml'), 'utf8'), haarlemCapabilities);

function capabilitiesUsedBy(definition: typeof haarlem): { activities: string[]; milestones: string[] } {
  const activities = new Set<string>();
  const milestones = new Set<string>();
  for (const node of Object.values(definition.nodes)) {
    if (node.kind === 'serviceTask') activities.add(node.activity);
    if (node.kind === 'milestoneWait' || node.kind === 'boundaryMilestone') milestones.add(node.milestone);
  }
  for (const step of definition.onCancellation ?? []) activities.add(step.activity);
  for (const clock of definition.legalClocks) {
    if (clock.notifyActivity) activities.add(clock.notifyActivity);
    [...clock.stopOn, ...clock.suspendOn, ...clock.resumeOn, ...clock.extendOn.map((extension) => extension.milestone)].forEach((name) => milestones.add(name));
  }
  return { activities: [...activities].sort(), milestones: [...milestones].sort() };
}

describe('the Haarlem 2019 trajectory (v1)', () => {
  it('is published as haarlem-statushouders version 1', () => {
    expect([haarlem.key, haarlem.version]).toEqual(['haarlem-statushouders', 1]);
  });

  it('lists in its capability registry exactly the activities and milestones its versions use', () => {
    const versions = [haarlem, haarlemV2, haarlemV3, haarlemV4].map(capabilitiesUsedBy);
    expect([...new Set(versions.flatMap((used) => used.activities))].sort()).toEqual(Object.keys(haarlemCapabilities.activities).sort());
    expect([...new Set(versions.flatMap((used) => used.milestones))].sort()).toEqual(Object.keys(haarlemCapabilities.milestones).sort());
  });

  it('hands the person over to the new municipality, in version 4, when the trajectory is cancelled', () => {
    expect(haarlemV4.onCancellation).toEqual([
      { id: 'handOverToNewMunicipality', name: 'Warme overdracht aan de nieuwe gemeente', activity: 'handOverToNewMunicipality', input: { newMunicipality: 'newMunicipality' }, timeout: 'PT1M', retry: 'standard' },
    ]);
    // Definitions without a cancellation path compile as before (their published hashes hold).
    expect('onCancellation' in haarlemV3).toBe(false);
  });

  it("follows, in version 3, a person through 'Aan de slag' until it ends or the 24 months do", () => {
    const added = capabilitiesUsedBy(haarlemV3).milestones.filter((name) => !capabilitiesUsedBy(haarlemV2).milestones.includes(name));
    expect(added.sort()).toEqual(['work.aanDeSlagTrajectoryEnded', 'work.internshipStarted', 'work.paidWorkEnded', 'work.paidWorkStarted', 'work.trainingStarted']);
    expect(haarlemV3.nodes.aanDeSlagUntilProgrammeEnd).toMatchObject({ kind: 'boundaryTimer', interrupting: true, attachedTo: 'inAanDeSlag' });
  });

  it('calls, in version 2, the activities for no-shows, the follow-up invitation and the watched wijkteam handover', () => {
    const added = capabilitiesUsedBy(haarlemV2).activities.filter((name) => !capabilitiesUsedBy(haarlem).activities.includes(name));
    expect(added.sort()).toEqual([
      'escalateUnacceptedWarmHandover',
      'inviteVluchtelingenwerkToFollowUpTalk',
      'openBasisOpOrdeTasks',
      'rescheduleNoaAssessmentAfterNoShow',
      'scheduleWarmHandoverMeeting',
    ]);
    expect(haarlemV2.nodes.handoverMeetingMonth).toMatchObject({ kind: 'timer', timer: { type: 'date', date: 'housingDate + duration("P22M")' } });
    expect(haarlemV2.nodes.handoverNotAccepted).toMatchObject({ kind: 'boundaryTimer', interrupting: false, attachedTo: 'warmHandoverToWijkteam' });
    expect(haarlemV2.nodes.noaNoShow).toMatchObject({ kind: 'boundaryMilestone', interrupting: false, milestone: 'intake.noaNoShow' });
  });


  it('chases COA when the TVS profile is incomplete, before the phone handover', () => {
    expect(haarlem.flows.Flow_tvsProfileCheck_chaseCoa.condition).toBe('not(tvsProfileComplete)');
    expect(haarlem.nodes.chaseCoa).toMatchObject({ activity: 'requestTvsProfileFromCoa', retry: 'patient' });
    expect(haarlem.nodes.phoneHandover).toMatchObject({ milestone: 'coa.warmHandoverDone', roles: ['klantmanager'] });
  });

  it('arranges the five basics in parallel inside basis op orde', () => {
    const basisOpOrde = haarlem.nodes.basisOpOrde;
    const children = basisOpOrde.kind === 'subProcess' ? basisOpOrde.childNodeIds : [];
    expect(children).toEqual(
      expect.arrayContaining(['livingAllowance', 'furnishingAllowance', 'inviteNoa', 'languageSchoolConsent', 'budgetManagementConsent']),
    );
    expect(haarlem.nodes.basisSplit.outgoing).toHaveLength(5);
  });

  it('ontzorgt for 6 months only with consent, then decides on budget coach or debt help', () => {
    expect(haarlem.flows.Flow_ontzorgenConsent_startOntzorgen.condition).toBe('budgetManagementConsent');
    expect(haarlem.nodes.ontzorgenPeriod).toMatchObject({ kind: 'timer', timer: { type: 'duration', duration: 'P6M' } });
    expect(haarlem.nodes.financeFollowUpChoice.outgoing.map((id) => haarlem.flows[id].target)).toEqual(['assignBudgetCoach', 'startDebtHelp', 'financeDone']);
  });

  it('holds the NOA assessment to a 6-week norm from housing', () => {
    expect(haarlem.nodes.noaAssessment).toMatchObject({ norm: { within: 'P6W', from: 'housingDate' } });
  });

  it('sends education only to under-30s and brings a terugmelding back to a revised plan', () => {
    expect(haarlem.flows.Flow_chooseRoute_referToAdviesteam.condition).toBe('route = "onderwijs" and age < 30');
    expect(haarlem.nodes.revisePlanAfterTerugmelding.outgoing.map((id) => haarlem.flows[id].target)).toEqual(['planInForce']);
    expect(haarlem.nodes.aanDeSlagOutcome.kind).toBe('eventBasedGateway');
  });

  it('follows the introduction programme with the participation statement and then Mindfit', () => {
    const next = (id: string) => haarlem.flows[haarlem.nodes[id].outgoing[0]].target;
    expect([next('introductionProgramme'), next('registerParticipatieverklaring'), next('participatieverklaring'), next('registerMindfit')]).toEqual([
      'registerParticipatieverklaring',
      'participatieverklaring',
      'registerMindfit',
      'mindfit',
    ]);
  });

  it('hands over to the wijkteam 24 months after housing: 31 August 2019 gives 31 August 2021', () => {
    const timer = haarlem.nodes.guidancePeriod;
    if (timer.kind !== 'timer' || timer.timer.type !== 'date') throw new Error('guidancePeriod should be a date timer');
    expect(evaluateDate(timer.timer.date, { housingDate: '2019-08-31' }, haarlem.facts)).toBe('2021-08-31');
  });

  it('warns 12, 6, 3 and 1 months before an inburgering deadline of 3 years, clamped at month end', () => {
    const [clock] = haarlem.legalClocks;
    const deadline = addToDate('2020-02-29', clock.term);
    expect(deadline).toBe('2023-02-28');
    expect(clock.warnings.map((offset) => subtractFromDate(deadline, offset))).toEqual(['2022-02-28', '2022-08-28', '2022-11-28', '2023-01-28']);
  });
});
