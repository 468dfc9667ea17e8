import { frameFor, plotHeight, xCenter, yOf } from "./axis";
import { CategoryChart } from "./category-chart";
import { formatCount, niceScale } from "./scale";

export interface LinePoint {
  label: string;
  value: number;
}

interface LineChartProps {
  id: string;
  title: string;
  description: string;
  data: LinePoint[];
  columns: [string, string];
}

/**
 * A line with the area under it (a running total, say). Every point is
 * marked and carries its value written above it.
 */
export function LineChart({ id, title, description, data, columns }: LineChartProps) {
  const frame = frameFor(data.length);
  const scale = niceScale(Math.max(0, ...data.map((d) => d.value)));
  const baseline = frame.top + plotHeight(frame);
  const points = data.map((d, i) => ({
    ...d,
    x: xCenter(frame, i),
    y: yOf(frame, scale, d.value),
  }));
  const line = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`)
    .join(" ");
  const area = points.length
    ? `${line} L${points.at(-1)!.x.toFixed(1)},${baseline} L${points[0]!.x.toFixed(1)},${baseline} Z`
    : "";
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
      {area ? <path d={area} fill="#e0f2f1" className="chart__area" /> : null}
      {line ? (
        <path d={line} fill="none" stroke="#0b5563" strokeWidth="2.5" className="chart__line" />
      ) : null}
      {points.map((p, i) => (
        <g key={`${p.label}-${i}`}>
          <circle cx={p.x} cy={p.y} r={4} fill="#0b5563" className="chart__ink" />
          <text x={p.x} y={p.y - 9} textAnchor="middle" className="chart__value">
            {formatCount(p.value)}
          </text>
        </g>
      ))}
    </CategoryChart>
  );
}
