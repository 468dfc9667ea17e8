/**
 * A very small XML writer for feeds we publish (the frab schedule). Element
 * names are ours; every text and attribute value is escaped here, so content
 * typed by organisers (titles with "&", "<", quotes, emoji) can never break
 * the document or inject markup.
 */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | null | undefined>;
  children?: XmlChild[];
}

export type XmlChild = XmlElement | string;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// Characters XML 1.0 forbids even when escaped (most C0 controls, lone
// surrogates, U+FFFE/U+FFFF). A document holding one is not well-formed, so
// a stray control character pasted into a title is dropped rather than
// making every reader reject the whole schedule.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(FORBIDDEN, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Attribute values also escape quotes, and whitespace that parsers would otherwise normalise to spaces. */
export function xmlAttr(value: string): string {
  return xmlText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

/** An element; null/undefined children are skipped so optional parts read naturally. */
export function el(
  name: string,
  attrs: XmlElement["attrs"] = {},
  ...children: (XmlChild | null | undefined | false)[]
): XmlElement {
  return {
    name,
    attrs,
    children: children.filter((c): c is XmlChild => c !== null && c !== undefined && c !== false),
  };
}

function open(node: XmlElement): string {
  if (!NAME.test(node.name)) throw new Error(`Not an XML name: ${node.name}`);
  const attrs = Object.entries(node.attrs ?? {})
    .filter(
      (entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined,
    )
    .map(([key, value]) => {
      if (!NAME.test(key)) throw new Error(`Not an XML attribute name: ${key}`);
      return ` ${key}="${xmlAttr(String(value))}"`;
    })
    .join("");
  return `${node.name}${attrs}`;
}

function write(node: XmlElement, depth: number, out: string[]): void {
  const indent = "  ".repeat(depth);
  const children = node.children ?? [];
  if (children.length === 0) {
    out.push(`${indent}<${open(node)}/>`);
    return;
  }
  // An element holding text is written on one line: indenting inside it
  // would change the text a reader sees.
  if (children.some((c) => typeof c === "string")) {
    const inner = children.map((c) => (typeof c === "string" ? xmlText(c) : inline(c))).join("");
    out.push(`${indent}<${open(node)}>${inner}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${open(node)}>`);
  for (const child of children) write(child as XmlElement, depth + 1, out);
  out.push(`${indent}</${node.name}>`);
}

function inline(node: XmlElement): string {
  const out: string[] = [];
  write(node, 0, out);
  return out.join("");
}

/** A UTF-8 XML document with the given root element, indented for people reading it. */
export function renderXmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, 0, out);
  return `${out.join("\n")}\n`;
}
