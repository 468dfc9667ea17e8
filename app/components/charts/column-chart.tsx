import {
  CategoryLabels,
  CountAxis,
  frameFor,
  MIN_PIXELS_PER_CATEGORY,
  plotHeight,
  SCROLL_FROM,
  xCenter,
  yOf,
} from "./axis";
import { ChartFigure, SvgLabel, svgLabelledBy } from "./chart-figure";
import { ChartScroll } from "./chart-scroll";
import { formatCount, niceScale } from "./scale";

export interface ColumnDatum {
  /** Under the column, e.g. "Mon 19 Oct". */
  label: string;
  value: number;
}

interface ColumnChartProps {
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows: the svg's description. */
  description: string;
  data: ColumnDatum[];
  /** Column headers of the table: the category, then the value. */
  columns: [string, string];
}

/**
 * Vertical bars, each with its value written above it: readable in grey,
 * printed, or heard (the description and the table).
 */
export function ColumnChart({ id, title, description, data, columns }: ColumnChartProps) {
  const frame = frameFor(data.length);
  const scale = niceScale(Math.max(0, ...data.map((d) => d.value)));
  const barWidth = Math.min(frame.step * 0.7, 48);
  const baseline = frame.top + plotHeight(frame);
  return (
    <ChartFigure
      id={id}
      title={title}
      table={{ columns, rows: data.map((d) => [d.label, formatCount(d.value)]) }}
    >
      <ChartScroll
        label={title}
        minWidth={data.length >= SCROLL_FROM ? data.length * MIN_PIXELS_PER_CATEGORY : undefined}
      >
        <svg
          viewBox={`0 0 ${frame.width} ${frame.height}`}
          width={frame.width}
          height={frame.height}
          className="chart__svg"
          role="img"
          aria-labelledby={svgLabelledBy(id)}
        >
          <SvgLabel id={id} title={title} description={description} />
          <CountAxis frame={frame} scale={scale} />
          {data.map((d, i) => {
            const y = yOf(frame, scale, d.value);
            const x = xCenter(frame, i);
            return (
              <g key={`${d.label}-${i}`}>
                <rect
                  x={x - barWidth / 2}
                  y={y}
                  width={barWidth}
                  height={Math.max(baseline - y, 0)}
                  fill="#0b5563"
                  className="chart__ink"
                />
                <text x={x} y={y - 6} textAnchor="middle" className="chart__value">
                  {formatCount(d.value)}
                </text>
              </g>
            );
          })}
          <line
            x1={frame.left}
            x2={frame.width - frame.right}
            y1={baseline}
            y2={baseline}
            stroke="#1c1917"
            className="chart__baseline"
          />
          <CategoryLabels frame={frame} labels={data.map((d) => d.label)} />
        </svg>
      </ChartScroll>
    </ChartFigure>
  );
}
