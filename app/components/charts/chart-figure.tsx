import type { ReactNode } from "react";

/** The figures behind a chart, shown as a table for anyone who prefers (or needs) one. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

interface ChartFigureProps {
  id: string;
  title: string;
  /** The chart, and a legend when it has one. */
  children: ReactNode;
  table: ChartTable;
  /** A line under the chart, e.g. what is left out. */
  note?: ReactNode;
}

/**
 * A chart with its title, and its data as a table in a disclosure: a screen
 * reader hears the chart's summary, and anyone can open the exact figures.
 * Works without JavaScript (<details> is native).
 */
export function ChartFigure({ id, title, children, table, note }: ChartFigureProps) {
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__caption">
        {title}
      </figcaption>
      {children}
      {note ? <p className="chart__note muted">{note}</p> : null}
      <details className="chart__data">
        <summary>Show the figures as a table</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** The svg's accessible name and description: role="img" makes its inner text presentational. */
export function SvgLabel({
  id,
  title,
  description,
}: {
  id: string;
  title: string;
  description: string;
}) {
  return (
    <>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
    </>
  );
}

export const svgLabelledBy = (id: string) => `${id}-title ${id}-desc`;

export type Pattern = "solid" | "hatch" | "outline" | "dots";

/**
 * Fills told apart by shape as well as colour: solid, diagonal hatching,
 * an outline, dots. Colours come from the stylesheet (the festival's brand)
 * with the attribute as a fallback.
 */
export function PatternDefs({ id }: { id: string }) {
  return (
    <defs>
      <pattern
        id={`${id}-hatch`}
        width="6"
        height="6"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="6" height="6" fill="#ffffff" className="chart__paper" />
        <line
          x1="0"
          y1="0"
          x2="0"
          y2="6"
          stroke="#0b5563"
          strokeWidth="3"
          className="chart__ink-stroke"
        />
      </pattern>
      <pattern id={`${id}-dots`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff" className="chart__paper" />
        <circle cx="3" cy="3" r="1.5" fill="#0b5563" className="chart__ink" />
      </pattern>
    </defs>
  );
}

/** Attributes that paint a shape with one of the patterns. */
export function patternFill(id: string, pattern: Pattern) {
  switch (pattern) {
    case "solid":
      return { fill: "#0b5563", className: "chart__ink" };
    case "hatch":
      return { fill: `url(#${id}-hatch)`, stroke: "#0b5563", className: "chart__ink-stroke" };
    case "dots":
      return { fill: `url(#${id}-dots)`, stroke: "#0b5563", className: "chart__ink-stroke" };
    case "outline":
      return {
        fill: "#ffffff",
        stroke: "#0b5563",
        strokeDasharray: "4 2",
        className: "chart__outline",
      };
  }
}

/** A legend in HTML (it wraps on a phone), each entry with a swatch of its pattern. */
export function Legend({
  id,
  entries,
}: {
  id: string;
  entries: { label: string; pattern: Pattern }[];
}) {
  return (
    <ul className="chart__legend">
      {entries.map((e) => (
        <li key={e.label}>
          <svg width="18" height="12" aria-hidden="true" focusable="false">
            <PatternDefs id={`${id}-${e.pattern}-swatch`} />
            <rect
              x="0.5"
              y="0.5"
              width="17"
              height="11"
              {...patternFill(`${id}-${e.pattern}-swatch`, e.pattern)}
            />
          </svg>
          {e.label}
        </li>
      ))}
    </ul>
  );
}
