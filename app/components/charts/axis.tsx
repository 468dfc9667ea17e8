import type { Scale } from "./scale";
import { formatCount } from "./scale";

/** Geometry of a chart with categories along the bottom and counts up the side (viewBox units). */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** Horizontal space per category. */
  step: number;
}

/** Room per category: wide enough for a value label above each. */
const STEP = 40;

export function frameFor(categories: number): Frame {
  const left = 48;
  const right = 16;
  const width = Math.max(360, left + right + categories * STEP);
  const step = (width - left - right) / Math.max(categories, 1);
  return { width, height: 260, left, right, top: 24, bottom: 64, step };
}

export const plotHeight = (f: Frame) => f.height - f.top - f.bottom;
export const yOf = (f: Frame, scale: Scale, value: number) =>
  f.top + plotHeight(f) * (1 - value / scale.top);
export const xCenter = (f: Frame, index: number) => f.left + f.step * (index + 0.5);

/** Grid lines and count labels up the side. */
export function CountAxis({ frame, scale }: { frame: Frame; scale: Scale }) {
  return (
    <g className="chart__axis">
      {scale.ticks.map((t) => {
        const y = yOf(frame, scale, t);
        return (
          <g key={t}>
            <line
              x1={frame.left}
              x2={frame.width - frame.right}
              y1={y}
              y2={y}
              stroke="#d6d3d1"
              className="chart__grid"
            />
            <text x={frame.left - 8} y={y + 4} textAnchor="end" className="chart__tick">
              {formatCount(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Category names along the bottom, slanted so that a month of days fits. */
export function CategoryLabels({ frame, labels }: { frame: Frame; labels: string[] }) {
  const y = frame.height - frame.bottom + 16;
  return (
    <g className="chart__axis">
      {labels.map((label, i) => {
        const x = xCenter(frame, i);
        return (
          <text
            key={`${label}-${i}`}
            x={x}
            y={y}
            textAnchor="end"
            transform={`rotate(-40 ${x} ${y})`}
            className="chart__tick"
          >
            {label}
          </text>
        );
      })}
    </g>
  );
}

/** Wide charts (many categories) scroll sideways instead of shrinking their text to nothing. */
export const MIN_PIXELS_PER_CATEGORY = 36;
export const SCROLL_FROM = 12;
