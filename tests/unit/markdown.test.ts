import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "~/lib/markdown.server";

describe("Markdown rendering", () => {
  it("renders emphasis, lists and tables", () => {
    const html = renderMarkdown(
      "**Bold** and *soft*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain("<em>soft</em>");
    expect(html).toContain("<li>one</li>");
    expect(html).toContain("<table>");
  });

  it("removes scripts, event handlers, styles and dangerous URLs", () => {
    const html = renderMarkdown(
      [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<p style="color:red" onclick="alert(1)">hi</p>',
        "[click](javascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
      ].join("\n\n"),
    );
    expect(html).not.toMatch(/<script|onerror|onclick|style=|javascript:|data:|<iframe/i);
  });

  it("opens external links safely and demotes h1 to h2", () => {
    const html = renderMarkdown("# Title\n\n[site](https://example.org)");
    expect(html).toContain('<h2 id="title">Title ');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it("gives plain text for summaries, cut at a word with an ellipsis", () => {
    expect(markdownToText("**Hello** <b>there</b> [friend](https://x.org)")).toBe(
      "Hello there friend",
    );
    const long = markdownToText("word ".repeat(100), 20);
    expect(long.length).toBeLessThanOrEqual(20);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("heading anchors", () => {
  it("gives each heading a unique id and a link to it", () => {
    const html = renderMarkdown("## Why networks *matter*\n\ntext\n\n## Why networks matter");
    expect(html).toContain('<h2 id="why-networks-matter">Why networks <em>matter</em>');
    expect(html).toContain('href="#why-networks-matter"');
    expect(html).toContain('<h2 id="why-networks-matter-2">');
  });

  it("reduces ids written in raw HTML to the safe alphabet", () => {
    const html = renderMarkdown('<h3 id="__remixContext" onclick="x()">Raw</h3>');
    expect(html).toBe('<h3 id="remixcontext">Raw</h3>');
  });

  it("leaves the anchors out of plain-text summaries", () => {
    expect(markdownToText("## Getting started\n\nRead this.")).toBe("Getting started Read this.");
  });
});
