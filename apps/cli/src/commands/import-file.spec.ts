import { readCaseload } from './import-file';

const HEADER = 'municipality,caseReference,definitionKey,fact:housingDate,fact:age,fact:tvsProfileComplete,milestone,occurredOn,payload:route,payload:code';

describe('readCaseload', () => {
  it('groups a CSV by case, keeps each row’s line and types the cells by their text', () => {
    const read = readCaseload('caseload.csv', [
      HEADER,
      'GM0392,HLM-1,haarlem-statushouders,2025-03-15,34,true,coa.warmHandoverDone,2025-03-18,,',
      'GM0392,HLM-2,haarlem-statushouders,2025-04-01,19,,,,,',
      'GM0392,HLM-1,haarlem-statushouders,2025-03-15,34,true,intake.planAgreed,2025-05-01,werk,0042',
      '',
    ].join('\n'));
    expect(read.problems).toEqual([]);
    expect(read.cases).toEqual([
      {
        municipality: 'GM0392',
        caseReference: 'HLM-1',
        definitionKey: 'haarlem-statushouders',
        facts: { housingDate: '2025-03-15', age: 34, tvsProfileComplete: true },
        history: [
          { milestone: 'coa.warmHandoverDone', occurredOn: '2025-03-18' },
          { milestone: 'intake.planAgreed', occurredOn: '2025-05-01', payload: { route: 'werk', code: '0042' } },
        ],
      },
      { municipality: 'GM0392', caseReference: 'HLM-2', definitionKey: 'haarlem-statushouders', facts: { housingDate: '2025-04-01', age: 19 }, history: [] },
    ]);
    expect(read.sources).toEqual([
      { case: 'line 2', history: ['line 2', 'line 4'] },
      { case: 'line 3', history: [] },
    ]);
  });

  it('reads the semicolons of a Dutch spreadsheet export', () => {
    const read = readCaseload('caseload.csv', [HEADER.replaceAll(',', ';'), 'GM0363;AMS-1;haarlem-statushouders;2025-03-15;40;false;;;;'].join('\n'));
    expect(read.cases.map((importCase) => [importCase.municipality, importCase.facts])).toEqual([['GM0363', { housingDate: '2025-03-15', age: 40, tvsProfileComplete: false }]]);
  });

  it('refuses a file whose rows of one case disagree, naming the line, and one that lacks a column', () => {
    expect(
      readCaseload('caseload.csv', [HEADER, 'GM0392,HLM-1,haarlem-statushouders,2025-03-15,34,,coa.warmHandoverDone,2025-03-18,,', 'GM0392,HLM-1,haarlem-statushouders,2025-03-16,34,,intake.planAgreed,2025-05-01,werk,'].join('\n')).problems,
    ).toEqual([expect.stringMatching(/^line 3: case HLM-1 has other facts/)]);
    expect(readCaseload('caseload.csv', 'municipality,caseReference,milestone\nGM0392,HLM-1,x\n').problems).toEqual(['missing column(s): definitionKey, occurredOn']);
    expect(readCaseload('caseload.csv', `${HEADER}\nGM0392,"HLM-1\n`).problems).toEqual([expect.stringMatching(/quote/i)]);
  });

  it('takes JSON as written, positions as JSON paths', () => {
    const cases = [{ municipality: 'GM0392', caseReference: 'HLM-1', definitionKey: 'x', facts: { age: 34 }, history: [{ milestone: 'a.b', occurredOn: '2025-01-01' }] }];
    expect(readCaseload('caseload.JSON', JSON.stringify({ cases }))).toEqual({ cases, sources: [{ case: 'cases[0]', history: ['cases[0].history[0]'] }], problems: [] });
    expect(readCaseload('caseload.json', '{"cases": 3}').problems).toEqual(['JSON must be an array of cases or { "cases": [...] }']);
    expect(readCaseload('caseload.json', '{').problems).toEqual([expect.stringMatching(/^not valid JSON/)]);
  });
});
