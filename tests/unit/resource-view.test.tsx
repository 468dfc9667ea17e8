import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LicenceBadge, LicenceNote } from "~/components/resources/licence-badge";
import { ResourceFacts } from "~/components/resources/resource-facts";
import { formatBytes } from "~/lib/document-types";
import { safeDownloadName } from "~/lib/resource-upload.server";
import { citation, licenceView, shareLinks, toResourceView } from "~/lib/resource-view";
import { countsAsDownload } from "~/models/resources.server";

/** What readers see of a resource, and the name a download is offered under. */

describe("the download name", () => {
  it("keeps the person's name but not their folders, controls or disguises", () => {
    expect(safeDownloadName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(safeDownloadName("C:\\Users\\ana\\Toolkit v2.docx", "docx")).toBe("Toolkit v2.docx");
    // A program's name on a real PDF: the extension follows what it is.
    expect(safeDownloadName("report.exe", "pdf")).toBe("report.pdf");
    // U+202E (right-to-left override) would show "invoice‮fdp.exe" as "invoiceexe.pdf".
    expect(safeDownloadName("invoice\u202efdp.exe", "pdf")).toBe("invoicefdp.pdf");
    expect(safeDownloadName('bad\r\nname"<>|?*.pdf', "pdf")).toBe("badname______.pdf");
    expect(safeDownloadName("...", "odt")).toBe("resource.odt");
    expect(safeDownloadName("", "pptx")).toBe("resource.pptx");
    expect(safeDownloadName(`${"a".repeat(300)}.pdf`, "pdf")).toBe(`${"a".repeat(100)}.pdf`);
  });
});

describe("counting downloads", () => {
  const response = (status: number, range?: string) => ({
    status,
    headers: new Headers(range ? { "Content-Range": range } : {}),
  });

  it("counts a GET from the first byte, or a link followed; not HEAD, continuations or refusals", () => {
    expect(countsAsDownload("GET", response(200))).toBe(true);
    expect(countsAsDownload("GET", response(303))).toBe(true);
    expect(countsAsDownload("GET", response(206, "bytes 0-99/1000"))).toBe(true);
    expect(countsAsDownload("GET", response(206, "bytes 100-999/1000"))).toBe(false);
    expect(countsAsDownload("HEAD", response(200))).toBe(false);
    expect(countsAsDownload("GET", response(416, "bytes */1000"))).toBe(false);
    expect(countsAsDownload("GET", response(404))).toBe(false);
  });
});

describe("the licence badge", () => {
  it("is text naming the licence, linking its deed, with the full name for screen readers", () => {
    const html = renderToStaticMarkup(<LicenceBadge licence={licenceView("CC-BY-4.0")} />);
    expect(html).toContain('href="https://creativecommons.org/licenses/by/4.0/"');
    expect(html).toContain('rel="license noopener noreferrer"');
    const visible = html
      .replace(/<span[^>]*aria-hidden="true"[^>]*>[^<]*<\/span>/, "")
      .replace(/<span class="visually-hidden">[^<]*<\/span>/, "")
      .replace(/<[^>]+>/g, "");
    expect(visible).toBe("CC BY 4.0");
    expect(html).toContain("licence: Creative Commons Attribution 4.0 International");
  });

  it("comes with what the licence allows", () => {
    const html = renderToStaticMarkup(<LicenceNote licence={licenceView("CC0-1.0")} />);
    expect(html).toContain("CC0 1.0");
    expect(html).toContain("No rights reserved");
    expect(html).toContain("https://creativecommons.org/publicdomain/zero/1.0/");
  });
});

const row = {
  slug: "mapping",
  title: "Mapping your network.",
  licence: "CC-BY-SA-4.0",
  fileType: "pptx",
  fileBytes: 3_250_000,
  fileName: "Mapping.pptx",
  url: null,
  tags: ["mapping"],
  downloads: 1,
  // 00:30 UTC on 1 January 2027 is still 31 December 2026 in New York.
  releaseAt: new Date("2027-01-01T00:30:00Z"),
};

describe("a resource as the pages show it", () => {
  it("names the format and size, one download, and the release time with its zone", () => {
    const view = toResourceView(row, "<p>x</p>", "America/New_York");
    expect(view.file).toEqual({
      label: "PowerPoint slides",
      extension: "pptx",
      size: "3.1 MB",
      name: "Mapping.pptx",
    });
    expect(view.released).toBe("Thu 31 Dec 2026, 19:30 New York time (UTC−5)");
    const html = renderToStaticMarkup(<ResourceFacts resource={view} />);
    expect(html).toContain("PowerPoint slides, 3.1 MB");
    expect(html).toContain("1 download<");
  });

  it("shows a link by the site it leads to", () => {
    const view = toResourceView(
      { ...row, fileType: null, fileBytes: null, fileName: null, url: "https://example.org/a?b" },
      "",
      "UTC",
    );
    expect(view.file).toBeNull();
    expect(view.link).toEqual({ host: "example.org" });
  });

  it("cites it with the festival's year, the format, the licence and the page", () => {
    const text = citation(row, {
      festivalName: "Networkfest",
      festivalZone: "Europe/London",
      pageUrl: "https://fest.example/resources/mapping",
    });
    expect(text).toBe(
      "Networkfest (2027). Mapping your network [Slides]. CC BY-SA 4.0. https://fest.example/resources/mapping",
    );
    expect(
      citation(
        { ...row, fileType: "pdf" },
        { festivalName: "F", festivalZone: "America/New_York", pageUrl: "u" },
      ),
    ).toBe("F (2026). Mapping your network [Toolkit]. CC BY-SA 4.0. u");
  });

  it("offers share links that carry the page address, escaped", () => {
    const links = shareLinks("Tips & tricks", "https://fest.example/resources/a?b=1", "Fest");
    const byNetwork = Object.fromEntries(links.map((l) => [l.network, new URL(l.href)]));
    expect(byNetwork.email!.protocol).toBe("mailto:");
    expect(byNetwork.email!.searchParams.get("subject")).toBe("Tips & tricks · Fest");
    expect(byNetwork.linkedin!.searchParams.get("url")).toBe(
      "https://fest.example/resources/a?b=1",
    );
    expect(byNetwork.bluesky!.searchParams.get("text")).toBe(
      "Tips & tricks · Fest https://fest.example/resources/a?b=1",
    );
    expect(byNetwork.x!.searchParams.get("url")).toBe("https://fest.example/resources/a?b=1");
    // Mastodon's share page reads the fragment, which never reaches a server.
    expect(byNetwork.mastodon!.hash).toBe(
      `#text=${encodeURIComponent("Tips & tricks · Fest https://fest.example/resources/a?b=1")}`,
    );
  });

  it("sizes files as file managers do", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(840 * 1024)).toBe("840 KB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MB");
  });
});
