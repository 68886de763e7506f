import { loadConfiguration } from '@wegwijs/config';
import { codecAllowedOrigins } from './codec-cors';

describe('codecAllowedOrigins', () => {
  it('allows only the origin of TEMPORAL_UI_URL when it is set', () => {
    expect(codecAllowedOrigins(loadConfiguration({ TEMPORAL_UI_URL: 'https://temporal.haarlem.nl/ui/namespaces/default' }))).toEqual([
      'https://temporal.haarlem.nl',
    ]);
  });

  it('allows the dev server’s Web UI under both local names otherwise', () => {
    expect(codecAllowedOrigins(loadConfiguration({ TEMPORAL_UI_PORT: '8917' }))).toEqual(['http://127.0.0.1:8917', 'http://localhost:8917']);
  });
});
