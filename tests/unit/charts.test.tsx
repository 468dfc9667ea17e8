import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarList } from "~/components/charts/bar-list";
import { ColumnChart } from "~/components/charts/column-chart";
import { LineChart } from "~/components/charts/line-chart";
import { niceScale } from "~/components/charts/scale";

/** The chart's accessible name and description, as a screen reader gets them (role="img" + aria-labelledby). */
function accessibleName(html: string) {
  const image = /<(svg|div)[^>]*role="img"[^>]*>/.exec(html)?.[0] ?? "";
  const ids = (/aria-labelledby="([^"]+)"/.exec(image)?.[1] ?? "").split(" ");
  return ids.map((id) => {
    const m = new RegExp(`<(title|desc|span) id="${id}"[^>]*>([^<]*)</`).exec(html);
    return m?.[2] ?? null;
  });
}

/** Every text label drawn inside the svg, in order. */
function svgTexts(html: string) {
  const svg = /<svg[^>]*role="img"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

function tableCells(html: string) {
  const table = /<details[\s\S]*?<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  return [...table.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((m) => m[1]);
}

const days = [
  { label: "Sat 24 Oct", value: 3 },
  { label: "Sun 25 Oct", value: 0 },
  { label: "Mon 26 Oct", value: 1234 },
];

describe("charts", () => {
  it("a column chart is a named image with every value written, and a table of the same figures", () => {
    const html = renderToStaticMarkup(
      <ColumnChart
        id="per-day"
        title="Registrations per day"
        description="1,237 registrations over 3 days."
        data={days}
        columns={["Day", "Registrations"]}
      />,
    );
    expect(accessibleName(html)).toEqual([
      "Registrations per day",
      "1,237 registrations over 3 days.",
    ]);
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
    const texts = svgTexts(html);
    for (const label of ["3", "0", "1,234", "Sat 24 Oct", "Sun 25 Oct", "Mon 26 Oct"])
      expect(texts).toContain(label);
    expect(tableCells(html)).toEqual([
      "Day",
      "Registrations",
      "Sat 24 Oct",
      "3",
      "Sun 25 Oct",
      "0",
      "Mon 26 Oct",
      "1,234",
    ]);
    expect(html).toContain("<summary>Show the figures as a table</summary>");
    expect(html).not.toContain("<script");
  });

  it("a line chart marks and labels every point", () => {
    const html = renderToStaticMarkup(
      <LineChart
        id="total"
        title="Registered so far"
        description="From 3 to 1,237."
        data={[
          { label: "Sat 24 Oct", value: 3 },
          { label: "Sun 25 Oct", value: 3 },
          { label: "Mon 26 Oct", value: 1237 },
        ]}
        columns={["Day", "Registered by the end of the day"]}
      />,
    );
    expect(accessibleName(html)).toEqual(["Registered so far", "From 3 to 1,237."]);
    expect(html.match(/<circle/g)).toHaveLength(3);
    expect(svgTexts(html).filter((t) => t === "3")).toHaveLength(2);
    expect(svgTexts(html)).toContain("1,237");
    expect(tableCells(html)).toContain("1,237");
  });

  it("a bar list tells series apart by pattern and legend, not colour alone, and writes each row's figures", () => {
    const html = renderToStaticMarkup(
      <BarList
        id="seats"
        title="Seats"
        description="Two webinars."
        rowHeader="Webinar"
        series={[
          { key: "confirmed", label: "Confirmed", pattern: "solid" },
          { key: "free", label: "Free seats", pattern: "outline" },
          { key: "waitlisted", label: "Waitlisted", pattern: "hatch" },
        ]}
        rows={[
          {
            label: "Mapping networks",
            values: { confirmed: 40, free: 0, waitlisted: 7 },
            note: "40 of 40 seats taken, 7 waitlisted",
          },
          { label: "Open data", values: { confirmed: 5, free: 15 }, note: "5 of 20 seats taken" },
        ]}
      />,
    );
    expect(accessibleName(html)).toEqual(["Seats", "Two webinars."]);
    // The legend is text, with a swatch of each pattern.
    expect(html).toMatch(/<ul class="chart__legend">.*Confirmed.*Free seats.*Waitlisted.*<\/ul>/s);
    expect(html).toContain('fill="url(#seats-0-hatch)"');
    expect(html).toContain('stroke-dasharray="4 2"');
    // Each row's name and figures are text beside its bar (HTML, so it wraps on a phone).
    const rowTexts = [...html.matchAll(/<p class="bar-list__(?:label|note)">([^<]*)<\/p>/g)].map(
      (m) => m[1],
    );
    expect(rowTexts).toEqual([
      "Mapping networks",
      "40 of 40 seats taken, 7 waitlisted",
      "Open data",
      "5 of 20 seats taken",
    ]);
    // The bars themselves are decoration for assistive technology: the image's description and table say it.
    expect(
      html
        .match(/<svg[^>]*class="bar-list__bar"[^>]*>/g)!
        .every((t) => t.includes('aria-hidden="true"')),
    ).toBe(true);
    // Bars are shares of the widest row (47): 40/47 of the width.
    expect(html).toContain('width="84.68%"');
    expect(tableCells(html)).toEqual([
      "Webinar",
      "Confirmed",
      "Free seats",
      "Waitlisted",
      "Mapping networks",
      "40",
      "0",
      "7",
      "Open data",
      "5",
      "15",
      "0",
    ]);
  });

  it("round axis ticks cover the largest value", () => {
    expect(niceScale(37)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(niceScale(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(0).top).toBeGreaterThan(0);
    expect(niceScale(1000).ticks).toEqual([0, 250, 500, 750, 1000]);
  });
});
