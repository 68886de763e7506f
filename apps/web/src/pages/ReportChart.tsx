/**
 * The progress report's sections as bar charts (recharts, SVG): one bar per municipality for each
 * figure, its count written at the bar. Loaded only when the report page shows a report, so the
 * chart library stays out of the app's first load (ReportPage imports this lazily).
 *
 * Accessible as recharts makes it (accessibilityLayer: the chart takes the focus, the arrow keys
 * walk the figures and the tooltip reads them), with a title and description on the SVG, and the
 * section's table, right above it, as its text alternative (aria-describedby). A suppressed count
 * (`<5`) draws a bar of nothing with its label `<5`: the chart must not tell more than the table.
 */
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportCount, ReportSection } from '../api/views';

/** Colours with at least 3:1 contrast against white and each other's neighbours (WCAG 1.4.11). */
const MUNICIPALITY_COLOURS = ['#00689e', '#b4005a', '#4b4b4b', '#2f6b00', '#7a3e00'];

interface ChartRow {
  readonly label: string;
  readonly values: Record<string, number>;
  readonly shown: Record<string, string>;
}

function chartRows(section: ReportSection, municipalities: readonly string[], labelOf: (rowId: string, label: string) => string): ChartRow[] {
  const plotted = (count: ReportCount | undefined): number => (typeof count === 'number' ? count : 0);
  return section.rows.map((row) => ({
    label: labelOf(row.id, row.label),
    values: Object.fromEntries(municipalities.map((code) => [code, plotted(row.counts[code])])),
    shown: Object.fromEntries(municipalities.map((code) => [code, String(row.counts[code] ?? '—')])),
  }));
}

export interface ReportChartProps {
  readonly section: ReportSection;
  readonly municipalities: readonly string[];
  /** The id of the table this chart draws, its text alternative. */
  readonly tableId: string;
  readonly labelOf: (rowId: string, label: string) => string;
}

export default function ReportChart({ section, municipalities, tableId, labelOf }: ReportChartProps) {
  const { t } = useTranslation();
  const rows = chartRows(section, municipalities, labelOf);
  const title = t('report.chartTitle', { section: `${section.source} ${section.title}` });
  const description = t('report.chartDescription', { municipalities: municipalities.join(', ') });
  // A bar row per figure, with room for the grouped bars of every municipality.
  const height = 60 + rows.length * (12 + 22 * Math.max(1, municipalities.length));
  return (
    <figure className="wegwijs-chart" aria-describedby={tableId}>
      <figcaption className="utrecht-paragraph">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={rows} layout="vertical" accessibilityLayer title={title} desc={description} margin={{ top: 5, right: 48, bottom: 5, left: 5 }}>
          <CartesianGrid horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={280} />
          <Tooltip formatter={(_value, name, item) => [(item.payload as ChartRow).shown[String(name)], String(name)]} />
          {municipalities.length > 1 && <Legend />}
          {municipalities.map((code, index) => (
            // minPointSize: a bar of 0 or `<5` keeps a sliver, so that its label is drawn.
            <Bar
              key={code}
              dataKey={(row: ChartRow) => row.values[code]}
              name={code}
              fill={MUNICIPALITY_COLOURS[index % MUNICIPALITY_COLOURS.length]}
              minPointSize={1}
              isAnimationActive={false}
            >
              <LabelList dataKey={(row: ChartRow) => row.shown[code]} position="right" fill="#1a1a1a" />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
