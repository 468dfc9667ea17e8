import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { XSS_CORPUS } from "~tests/fixtures/xss-corpus";
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

  it("gives text, not HTML: ampersands and angle brackets as written", () => {
    expect(markdownToText('Q&A: why 3 < 4 and "quotes" &amp;lt; stay')).toBe(
      'Q&A: why 3 < 4 and "quotes" &lt; stay',
    );
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

describe("the XSS corpus", () => {
  // Walk the rendered HTML as a browser would parse it, not with a regex.
  const FORBIDDEN_TAGS = new Set([
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "base",
    "meta",
    "link",
    "video",
    "source",
    "details",
    "noscript",
    "body",
  ]);
  const SAFE_URL = /^(https?:\/\/|mailto:|#|\/(?!\/)|[a-z0-9._-]+(\/|$))/i;

  function dangers(html: string): string[] {
    const found: string[] = [];
    const parser = new Parser({
      onopentag(name, attribs) {
        if (FORBIDDEN_TAGS.has(name)) found.push(`<${name}>`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (attr.startsWith("on")) found.push(`${name}[${attr}]`);
          if (attr === "style" || attr === "srcset" || attr === "background") {
            found.push(`${name}[${attr}]`);
          }
          if ((attr === "href" || attr === "src") && !SAFE_URL.test(value.trim())) {
            found.push(`${name}[${attr}=${value}]`);
          }
          if (attr === "id" && !/^[a-z0-9-]+$/.test(value)) found.push(`${name}[id=${value}]`);
          if (attr === "name") found.push(`${name}[name]`);
        }
        if (name === "a" && /^https?:/i.test(attribs.href ?? "")) {
          if (attribs.rel !== "noopener noreferrer") found.push(`external a without rel`);
        }
      },
    });
    parser.write(html);
    parser.end();
    return found;
  }

  it.each(XSS_CORPUS.map((payload) => [payload]))("neutralises %s", (payload) => {
    expect(dangers(renderMarkdown(payload))).toEqual([]);
  });

  it("neutralises them all in one document, and keeps the harmless text", () => {
    const html = renderMarkdown(XSS_CORPUS.join("\n\n"));
    expect(dangers(html)).toEqual([]);
    expect(html).toContain("js link");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("the walker itself notices what it is looking for", () => {
    expect(
      dangers('<img src="javascript:x" onerror="y"><script></script><a href="https://x.org">'),
    ).toEqual(["img[src=javascript:x]", "img[onerror]", "<script>", "external a without rel"]);
  });
});

describe("images", () => {
  it("keeps an author's text alternative and gives decorative images an empty one", () => {
    expect(renderMarkdown("![The river at dawn](https://example.org/river.jpg)")).toContain(
      'alt="The river at dawn"',
    );
    expect(renderMarkdown('<img src="https://example.org/line.png">')).toContain('alt=""');
  });
});
