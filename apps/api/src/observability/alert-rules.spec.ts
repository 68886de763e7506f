/**
 * docs/deploy/alerts.yml, the example alert rules, checked the way promtool would be asked to
 * (promtool is not on these machines): valid YAML of rule groups, every rule with an expression,
 * a severity and a summary — and every metric it uses one that Wegwijs' API registry or the
 * Temporal SDK's worker exporter has, so a renamed metric cannot leave a rule silently dead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createApiMetricsRegistry } from './api-metrics';

const RULES_FILE = join(__dirname, '../../../../docs/deploy/alerts.yml');

/** Temporal SDK (core) metrics the rules may use, as its Prometheus exporter names them (scraped from the worker in test/e2e/metrics.test.ts's stack). */
const TEMPORAL_SDK_METRICS = [
  'temporal_long_request',
  'temporal_workflow_task_execution_failed',
  'temporal_workflow_task_schedule_to_start_latency_bucket',
];
/** Prometheus' own. */
const PROMETHEUS_METRICS = ['up'];

interface Rule {
  alert?: string;
  expr?: unknown;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const document = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> };
const rules = document.groups.flatMap((group) => group.rules);

/** Metric names in a PromQL expression: identifiers not followed by `(` (functions), and not label names, keywords or units. */
function metricsIn(expr: string): string[] {
  const withoutLabelMatchers = expr.replace(/\{[^}]*\}/g, '').replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const words = withoutLabelMatchers.replace(/\[[^\]]*\]/g, '').match(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()/g) ?? [];
  return words.filter((word) => !['and', 'or', 'unless', 'offset', 'bool', 'd'].includes(word));
}

describe('the example alert rules', () => {
  it('are rule groups, each rule with a name, an expression, a duration, a severity and a summary', () => {
    expect(document.groups.length).toBeGreaterThan(0);
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const rule of rules) {
      expect(rule).toEqual(
        expect.objectContaining({
          alert: expect.stringMatching(/^Wegwijs[A-Za-z]+$/),
          expr: expect.any(String),
          for: expect.stringMatching(/^\d+[smhd]$/),
          labels: expect.objectContaining({ severity: expect.stringMatching(/^(critical|warning|info)$/) }),
          annotations: expect.objectContaining({ summary: expect.any(String), description: expect.any(String) }),
        }),
      );
    }
    expect(new Set(rules.map((rule) => rule.alert)).size).toBe(rules.length);
  });

  it("use only metrics that exist: Wegwijs' from the API's registry, the Temporal SDK's from its exporter", () => {
    const registry = createApiMetricsRegistry({ dataSource: {} as never, temporal: {} as never, withinCallTimeout: (call) => call() });
    const known = new Set([...registry.getMetricsAsArray().map((metric) => metric.name), ...TEMPORAL_SDK_METRICS, ...PROMETHEUS_METRICS]);
    const used = [...new Set(rules.flatMap((rule) => metricsIn(String(rule.expr))))];
    expect(used.filter((metric) => !known.has(metric))).toEqual([]);
    // Every Wegwijs figure has a rule.
    for (const metric of ['wegwijs_projection_lag_seconds', 'wegwijs_outbox_oldest_due_seconds', 'wegwijs_outbox_messages', 'wegwijs_open_incidents', 'wegwijs_stuck_trajectories', 'wegwijs_inburgering_warnings_sent_total']) {
      expect(used).toContain(metric);
    }
  });
});
