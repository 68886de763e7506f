import { temporalDevServerArgs } from './temporal-dev-server';

describe('the dev server command line', () => {
  const base = { host: '127.0.0.1', port: 7233, uiPort: 8233, searchAttributes: { WegwijsStuck: 'Bool', WegwijsMunicipality: 'Keyword' } };

  it('registers every namespace but default (which it always has) once, and the search attributes, which it makes in each', () => {
    const args = temporalDevServerArgs({ ...base, namespaces: ['default', 'wegwijs-amsterdam', 'haarlem', 'wegwijs-amsterdam'] });
    const values = (flag: string) => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
    expect(values('--namespace')).toEqual(['wegwijs-amsterdam', 'haarlem']);
    expect(values('--search-attribute')).toEqual(['WegwijsStuck=Bool', 'WegwijsMunicipality=Keyword']);
  });

  it('adds no namespace for an installation with only default', () => {
    expect(temporalDevServerArgs({ ...base, namespaces: ['default'] })).not.toContain('--namespace');
  });
});
