import { loadConfiguration } from '@wegwijs/config';
import { stuckQuery } from './supervision.service';
import { temporalWebUiListUrl, visibilityString } from './temporal-web-ui';

describe('links into the Temporal Web UI', () => {
  it("open the dev server's UI on the list filter, the query URL-encoded", () => {
    const config = loadConfiguration({ TEMPORAL_UI_PORT: '8233' });
    expect(temporalWebUiListUrl(config, 'WorkflowId = "GM0392.HLM-2019-0042"')).toBe(
      'http://127.0.0.1:8233/namespaces/default/workflows?query=WorkflowId%20%3D%20%22GM0392.HLM-2019-0042%22',
    );
  });

  it('open the configured UI of an external cluster, in the configured namespace', () => {
    const config = loadConfiguration({ TEMPORAL_UI_URL: 'https://temporal.haarlem.example/', TEMPORAL_NAMESPACE: 'wegwijs-prod' });
    expect(temporalWebUiListUrl(config, 'WegwijsStuck = true')).toBe('https://temporal.haarlem.example/namespaces/wegwijs-prod/workflows?query=WegwijsStuck%20%3D%20true');
  });

  it("open a trajectory's own namespace when its municipality has one", () => {
    const config = loadConfiguration({ TEMPORAL_UI_URL: 'https://temporal.example', TEMPORAL_NAMESPACES: 'GM0363=amsterdam' });
    expect(temporalWebUiListUrl(config, 'WegwijsStuck = true', 'amsterdam')).toBe('https://temporal.example/namespaces/amsterdam/workflows?query=WegwijsStuck%20%3D%20true');
  });

  it('ask for running stuck trajectories of the given municipalities, quoting every value', () => {
    expect(stuckQuery(['GM0392', 'GM0473'])).toBe('WegwijsStuck = true AND WegwijsMunicipality IN ("GM0392", "GM0473") AND ExecutionStatus = "Running"');
    expect(visibilityString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});
