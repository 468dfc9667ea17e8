import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { el, renderXmlDocument, xmlAttr, xmlText } from "~/lib/xml";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Character references (&#10;) are XML; fast-xml-parser decodes them only with this on.
  htmlEntities: true,
});

describe("the XML writer", () => {
  it("escapes markup characters in text and attributes", () => {
    expect(xmlText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(xmlAttr(`a & "b" <c>`)).toBe(`a &amp; &quot;b&quot; &lt;c&gt;`);
    // Already-escaped text is text: escaped again, so a reader sees it as typed.
    expect(xmlText("&amp;")).toBe("&amp;amp;");
  });

  it("round-trips awkward text and attributes through a real parser", () => {
    const title = `Q&A <live> "quotes" 'single' ]]> 🎉 Zoë`;
    const href = 'https://example.org/?a=1&b="2"';
    const multiline = "line one\n  line two\twith a tab";
    const xml = renderXmlDocument(
      el("root", { title, href, multiline }, el("title", {}, title), el("body", {}, multiline)),
    );
    const parsed = parser.parse(xml) as {
      root: {
        "@title": string;
        "@href": string;
        "@multiline": string;
        title: string;
        body: string;
      };
    };
    expect(parsed.root.title).toBe(title);
    expect(parsed.root.body).toBe(multiline);
    expect(parsed.root["@title"]).toBe(title);
    expect(parsed.root["@href"]).toBe(href);
    expect(parsed.root["@multiline"]).toBe(multiline);
  });

  it("drops characters XML cannot carry instead of writing a broken document", () => {
    const xml = renderXmlDocument(el("t", { a: "x\u0000y" }, "bell\u0007 \u001b[0m end"));
    for (const c of ["\u0000", "\u0007", "\u001b"]) expect(xml).not.toContain(c);
    expect((parser.parse(xml) as { t: { "#text": string; "@a": string } }).t).toEqual({
      "#text": "bell [0m end",
      "@a": "xy",
    });
  });

  it("skips missing attributes and children, and writes empty elements short", () => {
    const xml = renderXmlDocument(
      el("a", { keep: "1", gone: undefined, none: null }, null, false, el("b"), el("c", {}, "")),
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a keep="1">\n  <b/>\n  <c></c>\n</a>\n',
    );
  });

  it("refuses element names that are not names", () => {
    expect(() => renderXmlDocument(el("bad name"))).toThrow(/Not an XML name/);
    expect(() => renderXmlDocument(el("ok", { "on load": "x" }))).toThrow(/attribute name/);
  });
});
