import type { ReactNode } from "react";
import {
  CategoryLabels,
  CountAxis,
  MIN_PIXELS_PER_CATEGORY,
  plotHeight,
  SCROLL_FROM,
} from "./axis";
import type { frameFor } from "./axis";
import { ChartFigure, SvgLabel, svgLabelledBy } from "./chart-figure";
import { ChartScroll } from "./chart-scroll";
import { formatCount, type niceScale } from "./scale";

/**
 * What a column chart and a line chart share: the figure with its table,
 * the sideways scroll for long series, the named svg, the count axis, the
 * baseline and the category labels. Each chart draws only its marks.
 */
export function CategoryChart({
  id,
  title,
  description,
  columns,
  data,
  frame,
  scale,
  children,
}: {
  id: string;
  title: string;
  description: string;
  columns: [string, string];
  data: { label: string; value: number }[];
  frame: ReturnType<typeof frameFor>;
  scale: ReturnType<typeof niceScale>;
  children: ReactNode;
}) {
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
          {children}
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
