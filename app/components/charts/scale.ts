/**
 * Small pieces shared by the charts: a linear scale with round ticks, and
 * number formatting. Pure, so the charts render the same on the server and
 * in the browser.
 */

export interface Scale {
  /** The value at the top of the axis (a round number, at least the largest value). */
  top: number;
  /** Tick values from 0 to top. */
  ticks: number[];
}

/** Round ticks (1, 2, 2.5 or 5 times a power of ten) covering 0 to `max`, about `count` of them. */
export function niceScale(max: number, count = 4): Scale {
  if (!(max > 0)) return { top: count, ticks: Array.from({ length: count + 1 }, (_, i) => i) };
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough && Number.isInteger(s)) ??
    Math.ceil(rough);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Math.round(t));
  return { top, ticks };
}

const integer = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

/** "12,345": the same on every server and browser (the locale is fixed). */
export const formatCount = (n: number) => integer.format(n);

/** "78%" of a share between 0 and 1. */
export const formatShare = (share: number) => `${Math.round(share * 100)}%`;
