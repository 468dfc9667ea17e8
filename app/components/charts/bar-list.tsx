import {
  ChartFigure,
  Legend,
  PatternDefs,
  patternFill,
  SvgLabel,
  svgLabelledBy,
  type Pattern,
} from "./chart-figure";
import { clip, formatCount } from "./scale";

export interface BarSeries {
  key: string;
  /** In the legend and the table's header. */
  label: string;
  pattern: Pattern;
}

export interface BarRow {
  label: string;
  /** A value per series key; missing is 0. */
  values: Record<string, number>;
  /** Written under the bar: the figures in words, e.g. "42 of 50 seats taken, 7 waitlisted". */
  note: string;
}

interface BarListProps {
  id: string;
  title: string;
  description: string;
  series: BarSeries[];
  rows: BarRow[];
  /** Each bar as shares of its own total (rates), instead of against the largest bar. */
  normalise?: boolean;
  /** First column header of the table. */
  rowHeader: string;
}

const ROW = 60;
const LABEL_CHARS = 60;

/**
 * Horizontal bars, one per row, each split into series told apart by
 * pattern (solid, hatched, outlined) and named in an HTML legend. The svg
 * has no viewBox: its height is fixed and its bars are percentages of the
 * width, so text stays its real size on a phone while the bars stretch.
 */
export function BarList({
  id,
  title,
  description,
  series,
  rows,
  normalise,
  rowHeader,
}: BarListProps) {
  const totals = rows.map((r) => series.reduce((s, k) => s + (r.values[k.key] ?? 0), 0));
  const largest = Math.max(1, ...totals);
  const table = {
    columns: [rowHeader, ...series.map((s) => s.label)],
    rows: rows.map((r) => [r.label, ...series.map((s) => formatCount(r.values[s.key] ?? 0))]),
  };
  return (
    <ChartFigure id={id} title={title} table={table}>
      {series.length > 1 ? <Legend id={id} entries={series} /> : null}
      <div className="chart__frame">
        <svg
          width="100%"
          height={Math.max(rows.length, 1) * ROW}
          className="chart__svg chart__svg--bars"
          role="img"
          aria-labelledby={svgLabelledBy(id)}
        >
          <SvgLabel id={id} title={title} description={description} />
          <PatternDefs id={id} />
          {rows.map((r, i) => {
            const y = i * ROW;
            const scale = normalise ? Math.max(totals[i]!, 1) : largest;
            let offset = 0;
            return (
              <g key={`${r.label}-${i}`}>
                <text x="0" y={y + 15} className="chart__label">
                  {clip(r.label, LABEL_CHARS)}
                </text>
                {/* The track: the whole width is the largest bar (or 100%). */}
                <rect
                  x="0"
                  y={y + 21}
                  width="99.5%"
                  height="16"
                  fill="#f5f5f4"
                  className="chart__track"
                />
                {series.map((s) => {
                  const value = r.values[s.key] ?? 0;
                  if (value <= 0) return null;
                  const share = (value / scale) * 99.5;
                  const rect = (
                    <rect
                      key={s.key}
                      x={`${offset.toFixed(2)}%`}
                      y={y + 21}
                      width={`${share.toFixed(2)}%`}
                      height="16"
                      {...patternFill(id, s.pattern)}
                    />
                  );
                  offset += share;
                  return rect;
                })}
                <text x="0" y={y + 53} className="chart__note-text">
                  {r.note}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </ChartFigure>
  );
}
