import { InvalidConfigurationError, loadConfiguration } from './configuration';
import { namespaceOfMunicipality, namespacesOfMunicipalities, servedNamespaces } from './temporal-namespaces';

describe('tenancy: a namespace per municipality', () => {
  const config = loadConfiguration({ TEMPORAL_NAMESPACE: 'wegwijs', TEMPORAL_NAMESPACES: 'GM0392=haarlem, GM0363=amsterdam,GM0453=zuid-kennemerland,GM0377=zuid-kennemerland' });

  it('puts each listed municipality in its namespace and every other in the default one', () => {
    expect(namespaceOfMunicipality(config, 'GM0392')).toBe('haarlem');
    expect(namespaceOfMunicipality(config, 'GM0363')).toBe('amsterdam');
    expect(namespaceOfMunicipality(config, 'GM0505')).toBe('wegwijs');
    expect(namespaceOfMunicipality(config, 'constructor')).toBe('wegwijs');
  });

  it('serves the default namespace first, then each mapped one once (a shared service centre holds several codes)', () => {
    expect(servedNamespaces(config)).toEqual(['wegwijs', 'amsterdam', 'haarlem', 'zuid-kennemerland']);
    expect(namespacesOfMunicipalities(config, ['GM0453', 'GM0377'])).toEqual(['zuid-kennemerland']);
    expect(namespacesOfMunicipalities(config, ['GM0363', 'GM0505'])).toEqual(['amsterdam', 'wegwijs']);
  });

  it('keeps the one namespace of before when TEMPORAL_NAMESPACES is unset', () => {
    const single = loadConfiguration({});
    expect(servedNamespaces(single)).toEqual(['default']);
    expect(namespaceOfMunicipality(single, 'GM0363')).toBe('default');
  });

  it.each([
    ['GM0392', 'GM0392: must be GMnnnn=namespace'],
    ['0392=haarlem', '0392=haarlem: must be GMnnnn=namespace'],
    ['GM0392=haar lem', 'GM0392=haar lem: must be GMnnnn=namespace'],
    ['GM0392=haarlem,GM0392=amsterdam', 'GM0392 is mapped twice'],
  ])('refuses TEMPORAL_NAMESPACES=%s, naming the entry', (value, message) => {
    let error: unknown;
    try {
      loadConfiguration({ TEMPORAL_NAMESPACES: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigurationError);
    expect((error as InvalidConfigurationError).problems).toEqual([{ variable: 'TEMPORAL_NAMESPACES', message: expect.stringContaining(message) }]);
  });
});
