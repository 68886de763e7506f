import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MILESTONE_CAPABILITIES } from '@wegwijs/domain';
import { parse } from 'yaml';

// The app shows the catalogue's and Haarlem's English descriptions in Dutch from nl-domain.json,
// keyed by the description: a description changed in the catalogue without its Dutch would show in English.
// (Here, not in apps/web: the app may not depend on the libraries, the API serves the app anyway.)
const ROOT = join(__dirname, '../../../..');
const dutch = JSON.parse(readFileSync(join(ROOT, 'apps/web/src/locales/nl-domain.json'), 'utf8')) as Record<string, string>;
const haarlemFacts = (version: number) =>
  Object.entries((parse(readFileSync(join(ROOT, `definitions/haarlem-statushouders/v${version}.yaml`), 'utf8')) as { facts: Record<string, { description?: string; values?: string[] }> }).facts);

describe("the domain's words in Dutch", () => {
  it('has every milestone of the catalogue, its payload fields and their closed values', () => {
    const missing: string[] = [];
    for (const [name, milestone] of Object.entries(MILESTONE_CAPABILITIES)) {
      if (!dutch[milestone.description]) missing.push(name);
      for (const [field, schema] of Object.entries(milestone.payload ?? {})) {
        if (!dutch[schema.description ?? `field:${field}`]) missing.push(`${name} payload.${field}`);
        for (const value of schema.values ?? []) if (!dutch[`value:${value}`]) missing.push(`${name} payload.${field} = ${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("has every fact of Haarlem's current definition and its closed values", () => {
    const missing = haarlemFacts(5).flatMap(([name, fact]) => [...(dutch[fact.description ?? `field:${name}`] ? [] : [name]), ...(fact.values ?? []).filter((value) => !dutch[`value:${value}`]).map((value) => `${name} = ${value}`)]);
    expect(missing).toEqual([]);
  });
});
