/**
 * Trajectory definitions over HTTP: the repository's versions, validation with every problem's
 * code and position, publishing the next version into PostgreSQL (never changing a published
 * one), starting trajectories on the newest, and the BPMN and SVG exports.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaders, request } from '../support/http';
import { clockedDefinitionYaml, newDefinitionKey, publishDefinition } from '../support/published-definitions';
import { requestText } from '../support/text-http';
import { connectToWegwijsUnderTest, type WegwijsUnderTest } from '../support/wegwijs-under-test';
import { newCaseReference } from '../support/case-references';

const BELEID = authHeaders({ role: 'beleid', id: 'bl-0001' });
const KLANTMANAGER = authHeaders({ role: 'klantmanager', id: 'km-0007' });
const repositoryFile = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');

let wegwijs: WegwijsUnderTest;

beforeAll(async () => {
  wegwijs = await connectToWegwijsUnderTest();
});

afterAll(async () => {
  await wegwijs?.close();
});

function publish(yaml: string, headers: Record<string, string> = BELEID) {
  return requestText(wegwijs.baseUrl, 'POST', '/definitions', { body: yaml, contentType: 'application/yaml', headers }).then((answer) => ({
    ...answer,
    body: JSON.parse(answer.text),
  }));
}

describe('reading definitions', () => {
  it("lists the repository's keys with their versions, oldest first, to any signed-in role", async () => {
    const answer = await request(wegwijs.baseUrl, 'GET', '/definitions', { headers: KLANTMANAGER });
    expect(answer.status).toBe(200);
    const haarlem = answer.body.find((entry: { key: string }) => entry.key === 'haarlem-statushouders');
    expect(haarlem.versions.map((entry: { version: number; origin: string }) => [entry.version, entry.origin])).toEqual([
      [1, 'repository'],
      [2, 'repository'],
      [3, 'repository'],
      [4, 'repository'],
      [5, 'repository'],
    ]);
    expect(haarlem.newestVersion).toBe(5);
    expect(answer.body.map((entry: { key: string }) => entry.key)).toContain('walking-skeleton');
  });

  it('shows one version compiled, with the hash trajectories record', async () => {
    const answer = await request(wegwijs.baseUrl, 'GET', '/definitions/walking-skeleton/versions/1', { headers: KLANTMANAGER });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ key: 'walking-skeleton', version: 1, name: 'Walking skeleton', origin: 'repository' });
    expect(answer.body.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(answer.body.compiled).toMatchObject({ formatVersion: 1, key: 'walking-skeleton', contentHash: answer.body.contentHash });
    expect(Object.keys(answer.body.compiled.nodes)).toEqual(expect.arrayContaining(['start', 'wait-intake-completed', 'end']));
  });

  it('answers 404 for an unknown key or version and 422 for a malformed one', async () => {
    const unknownVersion = await request(wegwijs.baseUrl, 'GET', '/definitions/walking-skeleton/versions/9', { headers: KLANTMANAGER });
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.contentType).toMatch(/^application\/problem\+json/);
    expect(unknownVersion.body).toMatchObject({ type: '/problems/definition-not-found', known: expect.arrayContaining(['walking-skeleton']) });
    const unknownKey = await request(wegwijs.baseUrl, 'GET', '/definitions/no-such-thing/versions/1/bpmn', { headers: KLANTMANAGER });
    expect(unknownKey.status).toBe(404);
    const badVersion = await request(wegwijs.baseUrl, 'GET', '/definitions/walking-skeleton/versions/one', { headers: KLANTMANAGER });
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.errors).toEqual([{ field: 'version', message: 'must be a whole number from 1' }]);
    const badKey = await request(wegwijs.baseUrl, 'GET', '/definitions/Walking_Skeleton/versions/1', { headers: KLANTMANAGER });
    expect(badKey.status).toBe(422);
    expect(badKey.body.errors[0].field).toBe('key');
  });
});

describe('validating a definition', () => {
  it('says a good definition is valid, and what it would be published as', async () => {
    const key = newDefinitionKey('valid');
    const answer = await request(wegwijs.baseUrl, 'POST', '/definitions/validate', { body: { source: clockedDefinitionYaml(key) }, headers: BELEID });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: true, problems: [], definition: { key, version: 1 } });
    expect(answer.body.definition.contentHash).toMatch(/^sha256:/);
    // Validating publishes nothing.
    expect((await request(wegwijs.baseUrl, 'GET', `/definitions/${key}/versions/1`, { headers: BELEID })).status).toBe(404);
  });

  it('lists every problem with its code, node and line:column, checked against what the worker runs', async () => {
    const yaml = clockedDefinitionYaml(newDefinitionKey('invalid')).replace('milestone: intake.noaAssessmentDone', 'milestone: intake.somethingElse');
    const answer = await requestText(wegwijs.baseUrl, 'POST', '/definitions/validate', { body: yaml, contentType: 'application/yaml', headers: BELEID });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text);
    expect(body.valid).toBe(false);
    expect(body.definition).toBeNull();
    const line = yaml.split('\n').findIndex((text) => text.includes('intake.somethingElse')) + 1;
    expect(body.problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_MILESTONE', nodeId: 'noaAssessment', line, column: expect.any(Number) })]);
  });

  it('answers 422 without a source, and 403 to roles other than policy staff and administrators', async () => {
    const empty = await request(wegwijs.baseUrl, 'POST', '/definitions/validate', { body: { text: 'key: x' }, headers: BELEID });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'source' })]);
    const klantmanager = await request(wegwijs.baseUrl, 'POST', '/definitions/validate', { body: { source: 'key: x' }, headers: KLANTMANAGER });
    expect(klantmanager.status).toBe(403);
    expect(klantmanager.body.type).toBe('/problems/forbidden-role');
  });
});

describe('publishing a definition', () => {
  it('stores the next version, serves it beside the repository ones, and starts new trajectories on it', async () => {
    const key = newDefinitionKey('publish');
    const first = await publish(clockedDefinitionYaml(key, 1));
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/definitions/${key}/versions/1`);
    expect(first.body).toMatchObject({ outcome: 'published', key, version: 1 });
    const second = await publish(clockedDefinitionYaml(key, 2, 'Tweede versie'));
    expect(second.status).toBe(201);

    const listed = await request(wegwijs.baseUrl, 'GET', '/definitions', { headers: KLANTMANAGER });
    const entry = listed.body.find((candidate: { key: string }) => candidate.key === key);
    expect(entry).toMatchObject({ newestVersion: 2, versions: [{ version: 1, origin: 'published' }, { version: 2, origin: 'published' }] });
    expect(Date.parse(entry.versions[0].publishedAt)).not.toBeNaN();
    const shown = await request(wegwijs.baseUrl, 'GET', `/definitions/${key}/versions/2`, { headers: KLANTMANAGER });
    expect(shown.body).toMatchObject({ key, version: 2, name: 'Tweede versie', origin: 'published', contentHash: second.body.contentHash });

    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: key, facts: { housingDate: '2026-10-01', permitGrantedDate: '2026-09-01' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    expect(started.body.definition).toEqual({ key, version: 2, contentHash: second.body.contentHash });

    const stored: Array<{ version: number; published_by_role: string; published_by_id: string }> = await wegwijs.dataSource.query(
      'SELECT version, published_by_role, published_by_id FROM published_definitions WHERE definition_key = $1 ORDER BY version',
      [key],
    );
    expect(stored).toEqual([
      { version: 1, published_by_role: 'beleid', published_by_id: 'bl-0001' },
      { version: 2, published_by_role: 'beleid', published_by_id: 'bl-0001' },
    ]);
  });

  it('answers a repeated publication of the same content as unchanged, and refuses other content under a published version', async () => {
    const key = newDefinitionKey('immutable');
    expect((await publish(clockedDefinitionYaml(key))).status).toBe(201);
    const again = await publish(clockedDefinitionYaml(key));
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('unchanged');
    const changed = await publish(clockedDefinitionYaml(key, 1, 'Iets anders'));
    expect(changed.status).toBe(409);
    expect(changed.body.type).toBe('/problems/published-version-changed');

    // A repository version is published too: the same file again is unchanged, anything else refused.
    const haarlemV4 = await publish(repositoryFile('definitions/haarlem-statushouders/v4.yaml'));
    expect([haarlemV4.status, haarlemV4.body.outcome]).toEqual([200, 'unchanged']);
    const haarlemV4Changed = await publish(repositoryFile('definitions/haarlem-statushouders/v4.yaml').replace('name: ', 'name: Gewijzigd '));
    expect(haarlemV4Changed.status).toBe(409);
    expect(haarlemV4Changed.body.type).toBe('/problems/published-version-changed');
  });

  it('refuses a version that is not the next one, saying which is', async () => {
    const key = newDefinitionKey('gap');
    const skipped = await publish(clockedDefinitionYaml(key, 2));
    expect(skipped.status).toBe(409);
    expect(skipped.body).toMatchObject({ type: '/problems/definition-version-not-next', expectedVersion: 1 });
    const afterRepository = await publish(repositoryFile('definitions/haarlem-statushouders/v5.yaml').replace(/^version: 5$/m, 'version: 7'));
    expect(afterRepository.status).toBe(409);
    expect(afterRepository.body.expectedVersion).toBe(6);
  });

  it('refuses a definition with problems, listing them, and roles other than policy staff and administrators', async () => {
    const key = newDefinitionKey('broken');
    const broken = await publish(clockedDefinitionYaml(key).replace('term: P3Y', 'term: three years'));
    expect(broken.status).toBe(422);
    expect(broken.body.type).toBe('/problems/definition-invalid');
    expect(broken.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ code: expect.any(String), line: expect.any(Number), column: expect.any(Number) })]));
    const byKlantmanager = await publish(clockedDefinitionYaml(key), KLANTMANAGER);
    expect(byKlantmanager.status).toBe(403);
    expect(byKlantmanager.body.type).toBe('/problems/forbidden-role');
    expect((await request(wegwijs.baseUrl, 'GET', `/definitions/${key}/versions/1`, { headers: BELEID })).status).toBe(404);
  });

  it('compiles the published definitions a callActivity runs into it, and refuses a call to one that is not published', async () => {
    const called = newDefinitionKey('called');
    await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(called), BELEID);
    const caller = newDefinitionKey('caller');
    const callerYaml = (calledKey: string) => `key: ${caller}
version: 1
name: Roept een gedeelde intake aan
facts:
  housingDate: { type: date, required: true }
  permitGrantedDate: { type: date, required: true }
nodes:
  - { id: start, kind: start }
  - { id: intake, kind: callActivity, definition: { key: ${calledKey}, version: 1 } }
  - { id: end, kind: end }
flows:
  - { source: start, target: intake }
  - { source: intake, target: end }
`;
    const missing = await publish(callerYaml(newDefinitionKey('nowhere')));
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ type: '/problems/called-definition-not-found', nodeId: 'intake' });
    const published = await publish(callerYaml(called));
    expect(published.status).toBe(201);
    const shown = await request(wegwijs.baseUrl, 'GET', `/definitions/${caller}/versions/1`, { headers: BELEID });
    expect(Object.keys(shown.body.compiled.calledDefinitions)).toEqual([`${called}@1`]);
  });

  it('takes the YAML in JSON as well', async () => {
    const key = newDefinitionKey('json');
    const answer = await request(wegwijs.baseUrl, 'POST', '/definitions', { body: { source: clockedDefinitionYaml(key) }, headers: BELEID });
    expect(answer.status).toBe(201);
  });

  it('is kept unchangeable by the database itself', async () => {
    const key = newDefinitionKey('trigger');
    await publishDefinition(wegwijs.baseUrl, clockedDefinitionYaml(key), BELEID);
    await expect(wegwijs.dataSource.query("UPDATE published_definitions SET source_text = 'x' WHERE definition_key = $1", [key])).rejects.toThrow(/never changes/);
    await expect(wegwijs.dataSource.query('DELETE FROM published_definitions WHERE definition_key = $1', [key])).rejects.toThrow(/never changes/);
  });
});

describe('validating BPMN XML edited in a modeler', () => {
  const postXml = (xml: string, path = '/definitions/validate') =>
    requestText(wegwijs.baseUrl, 'POST', path, { body: xml, contentType: 'application/xml', headers: BELEID }).then((answer) => ({ ...answer, body: JSON.parse(answer.text) }));

  it('imports the exported diagram back to the YAML of the same definition, and validates it', async () => {
    const exported = repositoryFile('docs/definitions/haarlem-statushouders.bpmn');
    const renamed = exported.replace(/(<bpmn:userTask id="noaAssessment" name=")[^"]*"/, '$1NOA-toets afgerond"');
    expect(renamed).not.toBe(exported);
    const same = await postXml(exported);
    expect(same.status).toBe(200);
    const published = JSON.parse(repositoryFile('definitions/published-versions.json')).find((entry: { file: string }) => entry.file === 'haarlem-statushouders/v3.yaml');
    expect(same.body).toMatchObject({ valid: true, problems: [], definition: { key: 'haarlem-statushouders', version: 3, contentHash: published.contentHash } });
    const edited = await postXml(renamed);
    expect(edited.status).toBe(200);
    expect(edited.body.valid).toBe(true);
    expect(edited.body.source).toContain('name: NOA-toets afgerond');
    expect(edited.body.definition.contentHash).not.toBe(published.contentHash);
  });

  it('answers 422 problem+json naming each element it cannot place, with its line:column in the XML', async () => {
    const plain = [
      '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">',
      '  <process id="p" name="Plain">',
      '    <startEvent id="s" /><endEvent id="e" />',
      '    <scriptTask id="score" name="Score" />',
      '    <sequenceFlow id="f" sourceRef="s" targetRef="e" />',
      '  </process>',
      '</definitions>',
    ].join('\n');
    const answer = await postXml(plain);
    expect(answer.status).toBe(422);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ type: '/problems/bpmn-not-importable', source: expect.stringContaining('key: plain') });
    expect(answer.body.problems).toEqual([
      expect.objectContaining({ code: 'BPMN_DEFINITION_MISSING', elementId: 'p', line: 2, column: 3 }),
      expect.objectContaining({ code: 'BPMN_UNSUPPORTED_ELEMENT', elementId: 'score', line: 4, column: 5 }),
    ]);
  });

  it('does not publish BPMN XML: 415, publish the YAML', async () => {
    const answer = await postXml(repositoryFile('docs/definitions/haarlem-statushouders.bpmn'), '/definitions');
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ type: '/problems/unsupported-media-type' });
  });
});

describe('exporting a definition', () => {
  it('gives every version as BPMN 2.0 XML', async () => {
    const answer = await requestText(wegwijs.baseUrl, 'GET', '/definitions/haarlem-statushouders/versions/3/bpmn', { headers: KLANTMANAGER });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/xml/);
    expect(answer.text).toBe(repositoryFile('docs/definitions/haarlem-statushouders.bpmn'));
  });

  it('gives the committed SVG of the version it shows, and 404 with the BPMN link for versions without one', async () => {
    const shown = await requestText(wegwijs.baseUrl, 'GET', '/definitions/haarlem-statushouders/versions/3/svg', { headers: KLANTMANAGER });
    expect(shown.status).toBe(200);
    expect(shown.contentType).toMatch(/^image\/svg\+xml/);
    expect(shown.text).toBe(repositoryFile('docs/definitions/haarlem-statushouders.svg'));
    const other = await request(wegwijs.baseUrl, 'GET', '/definitions/haarlem-statushouders/versions/4/svg', { headers: KLANTMANAGER });
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ type: '/problems/diagram-not-rendered', bpmn: '/definitions/haarlem-statushouders/versions/4/bpmn' });
  });
});

describe("a definition's own milestones", () => {
  const ownMilestonesYaml = (key: string) => `key: ${key}
version: 1
name: Eigen mijlpalen
startsOn: startDate
facts:
  startDate: { type: date, required: true }
  level: { type: string, values: [A1, A2, B1] }
milestones:
  course.completed:
    description: The person finished the language course
    roles: [klantmanager]
    payload:
      level: { type: string, required: true, values: [A1, A2, B1] }
nodes:
  - { id: start, kind: start }
  - { id: course, kind: milestoneWait, milestone: course.completed, roles: [klantmanager], output: { level: payload.level } }
  - { id: done, kind: end }
flows:
  - { source: start, target: course }
  - { source: course, target: done }
`;

  it('are published, listed by GET /capabilities with their payload schema, offered as the form and checked like the catalogue\'s', async () => {
    const key = newDefinitionKey('own-milestones');
    expect((await publish(ownMilestonesYaml(key))).status).toBe(201);

    const capabilities = await request(wegwijs.baseUrl, 'GET', '/capabilities', { headers: KLANTMANAGER });
    expect(capabilities.status).toBe(200);
    expect(capabilities.body.milestones).toContainEqual({
      name: 'course.completed',
      description: 'The person finished the language course',
      roles: ['klantmanager'],
      payload: { type: 'object', additionalProperties: false, properties: { level: { type: 'string', enum: ['A1', 'A2', 'B1'] } }, required: ['level'] },
      source: `${key}@1`,
    });
    expect(capabilities.body.activities).toContainEqual(expect.objectContaining({ name: 'notifyKlantmanager', inputs: expect.objectContaining({ required: ['message'] }) }));

    const started = await request(wegwijs.baseUrl, 'POST', '/trajectories', {
      body: { municipality: 'GM0392', caseReference: newCaseReference(), definitionKey: key, facts: { startDate: '2026-10-01' } },
      headers: KLANTMANAGER,
    });
    expect(started.status).toBe(201);
    const trajectoryId = started.body.trajectoryId;
    const state = await request(wegwijs.baseUrl, 'GET', `/trajectories/${trajectoryId}`, { headers: KLANTMANAGER });
    expect(state.body.state.expectedMilestones).toEqual([
      expect.objectContaining({ milestone: 'course.completed', description: 'The person finished the language course', payload: [expect.objectContaining({ name: 'level', type: 'string', required: true, values: ['A1', 'A2', 'B1'] })] }),
    ]);

    const report = (payload: Record<string, unknown>) =>
      request(wegwijs.baseUrl, 'POST', `/trajectories/${trajectoryId}/milestones`, {
        body: { milestone: 'course.completed', occurredOn: '2026-11-02', payload },
        headers: { ...KLANTMANAGER, 'idempotency-key': randomUUID() },
      });
    const refused = await report({ level: 'C2', bsn: '123456782' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['payload.bsn', 'payload.level']);
    expect(JSON.stringify(refused.body)).not.toContain('123456782');
    const accepted = await report({ level: 'B1' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'completed', facts: expect.objectContaining({ level: 'B1' }) });
  });
});
