import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTE_CLI_TYPES, searchAttributeCreateCommand } from '@wegwijs/domain';

describe('the command that registers the search attributes on a cluster', () => {
  const command = searchAttributeCreateCommand('default');

  it('creates every attribute once, with its type', () => {
    const created = [...command.matchAll(/--name (\w+) --type (\w+)/g)].map(([, name, type]) => [name, type]);
    expect(Object.fromEntries(created)).toEqual(SEARCH_ATTRIBUTE_CLI_TYPES);
    expect(created).toHaveLength(Object.keys(SEARCH_ATTRIBUTE_CLI_TYPES).length);
  });

  it('is the one the README shows', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`sh\n${command}\n\`\`\``);
  });
});
