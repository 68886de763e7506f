import { join } from 'node:path';
import { ACTIVITY_CAPABILITIES } from '@wegwijs/activities';
import { MILESTONE_CAPABILITIES } from '@wegwijs/workflows';
import { runCapabilities } from './capabilities.command';
import { EXIT_CODES, runValidate, type DefinitionsCommandIo } from './definitions.command';

const root = join(__dirname, '../../../..');
const participation = join(root, 'definitions/examples/participation.yaml');
const withJobcoach = join(root, 'definitions/examples/participation-jobcoach.yaml');

/** What the worker runs and accepts: no example capabilities, so "valid" means runnable as it is. */
function workerIo(): DefinitionsCommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (text) => out.push(text), stderr: (text) => err.push(text), registry: { activities: ACTIVITY_CAPABILITIES, milestones: MILESTONE_CAPABILITIES } };
}

describe('wegwijs capabilities', () => {
  it("lists every activity with its inputs and result, every milestone with roles and payload, and every role (text)", async () => {
    const io = workerIo();
    expect(await runCapabilities([], 'text', io)).toBe(EXIT_CODES.ok);
    const text = io.out.join('');
    expect(text).toContain('  notifyKlantmanager — ');
    expect(text).toContain('      input: message*: string');
    expect(text).toContain('      result: complete: boolean, score: number, missingSections: string');
    // The business errors an error event may catch, by code.
    expect(text).toMatch(/ {2}inviteToNoaAssessment — .*\n {6}input: none\n {6}result: .*\n {6}errors: NoNoaSlotAvailable \(No assessment slot is available\)\n/);
    expect(text).toMatch(/ {2}intake\.planAgreed — .*\n {6}roles: klantmanager; payload: route\*: werk\|onderwijs\|klantmanager\n/);
    expect(text).toMatch(/\nRoles .*\n(.|\n)* {2}vluchtelingenwerk\n {6}team: vluchtelingenwerk; milestones: guidance\.warmHandoverToWijkteamDone, intake\.followUpTalkHeld\n/);
    expect(text).toMatch(/ {2}beleid\n {6}team: none \(no tasks\); milestones: none\n/);
  });

  it('lists the roles a given definition declares beside the built-in ones, with its key@version and their team', async () => {
    const io = workerIo();
    expect(await runCapabilities([withJobcoach], 'json', io)).toBe(EXIT_CODES.ok);
    const catalogue = JSON.parse(io.out.join(''));
    expect(catalogue.roles.map((role: { name: string; source: string }) => `${role.name} ${role.source}`)).toEqual([
      'admin built-in',
      'beleid built-in',
      'jobcoach participatie-jobcoach@1',
      'klantmanager built-in',
      'schulddienstverlening built-in',
      'supervisor built-in',
      'system built-in',
      'vluchtelingenwerk built-in',
      'wijkteam built-in',
    ]);
    expect(catalogue.roles.find((role: { name: string }) => role.name === 'jobcoach')).toEqual({
      name: 'jobcoach',
      title: 'Jobcoach',
      description: 'Begeleidt de deelnemer naar werk en houdt de maandelijkse voortgangsgesprekken',
      team: 'jobcoaches',
      source: 'participatie-jobcoach@1',
      milestones: ['participation.jobCoachingStarted', 'task.checkIn'],
    });
    io.out.splice(0);
    expect(await runCapabilities([withJobcoach], 'text', io)).toBe(EXIT_CODES.ok);
    expect(io.out.join('')).toContain('  jobcoach [participatie-jobcoach@1] Jobcoach — Begeleidt de deelnemer naar werk en houdt de maandelijkse voortgangsgesprekken\n      team: jobcoaches; milestones: participation.jobCoachingStarted, task.checkIn\n');
  });

  it("adds a given definition's own milestones, marked with its key@version, with their payload as JSON Schema", async () => {
    const io = workerIo();
    expect(await runCapabilities([participation], 'json', io)).toBe(EXIT_CODES.ok);
    const catalogue = JSON.parse(io.out.join(''));
    expect(catalogue.milestones.find((milestone: { name: string }) => milestone.name === 'participation.courseCompleted')).toEqual({
      name: 'participation.courseCompleted',
      description: 'The person finished the language course',
      roles: ['klantmanager'],
      payload: { type: 'object', additionalProperties: false, properties: { level: { type: 'string', enum: ['A1', 'A2', 'B1', 'B2'], description: 'Level reached' } }, required: ['level'] },
      source: 'participatie-12-maanden@1',
    });
    expect(catalogue.activities.map((activity: { name: string }) => activity.name)).toEqual(Object.keys(ACTIVITY_CAPABILITIES).sort());
  });
});

describe("the policy officer's 12-month participation programme", () => {
  it.each([participation, withJobcoach])('is valid against what the worker runs and accepts, without any TypeScript change (%s)', async (file) => {
    const io = workerIo();
    expect(await runValidate([file], 'text', io)).toBe(EXIT_CODES.ok);
    expect(io.err).toEqual([]);
  });
});
