import {
  ChartFigure,
  Legend,
  PatternDefs,
  patternFill,
  svgLabelledBy,
  type Pattern,
} from "./chart-figure";
import { formatCount } from "./scale";

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

/**
 * Horizontal bars, one per row, each split into series told apart by
 * pattern (solid, hatched, outlined) and named in an HTML legend. Each
 * row's name and figures are HTML text above and below its bar, so they
 * wrap on a phone instead of running off the edge; the bars are small SVGs
 * sized in percentages. The whole is one image to assistive technology,
 * named by its title and described by its summary, with the table beside it.
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
      <div className="chart__frame bar-list" role="img" aria-labelledby={svgLabelledBy(id)}>
        <span id={`${id}-title`} hidden>
          {title}
        </span>
        <span id={`${id}-desc`} hidden>
          {description}
        </span>
        {rows.map((r, i) => {
          const scale = normalise ? Math.max(totals[i]!, 1) : largest;
          let offset = 0;
          return (
            <div key={`${r.label}-${i}`} className="bar-list__row">
              <p className="bar-list__label">{r.label}</p>
              <svg
                width="100%"
                height="16"
                className="bar-list__bar"
                aria-hidden="true"
                focusable="false"
              >
                <PatternDefs id={`${id}-${i}`} />
                {/* The track: its whole width is the largest bar (or, for shares, 100%). */}
                <rect
                  x="0"
                  y="0"
                  width="100%"
                  height="16"
                  fill="#f5f5f4"
                  className="chart__track"
                />
                {series.map((s) => {
                  const value = r.values[s.key] ?? 0;
                  if (value <= 0) return null;
                  // Short of 100% by a hair, so an outline's right edge is not cut off.
                  const share = (value / scale) * 99.5;
                  const rect = (
                    <rect
                      key={s.key}
                      x={`${offset.toFixed(2)}%`}
                      y="0.5"
                      width={`${share.toFixed(2)}%`}
                      height="15"
                      {...patternFill(`${id}-${i}`, s.pattern)}
                    />
                  );
                  offset += share;
                  return rect;
                })}
              </svg>
              <p className="bar-list__note">{r.note}</p>
            </div>
          );
        })}
      </div>
    </ChartFigure>
  );
}
