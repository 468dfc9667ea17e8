import type { ReactNode } from "react";

/**
 * Holds a chart that would be too cramped on a narrow screen: past a few
 * categories it keeps a minimum width and scrolls sideways. The scrolling
 * region is focusable and named, so it can be scrolled from the keyboard.
 */
export function ChartScroll({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number | undefined;
  children: ReactNode;
}) {
  if (!minWidth) return <div className="chart__frame">{children}</div>;
  return (
    <div
      className="chart__frame chart__frame--scroll"
      role="region"
      aria-label={`${label} (scrolls sideways)`}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
    >
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
