import { frameFor, plotHeight, xCenter, yOf } from "./axis";
import { CategoryChart } from "./category-chart";
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
    <CategoryChart
      id={id}
      title={title}
      description={description}
      columns={columns}
      data={data}
      frame={frame}
      scale={scale}
    >
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
    </CategoryChart>
  );
}
