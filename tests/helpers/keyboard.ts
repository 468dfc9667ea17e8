import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Driving a page the way a keyboard user does: Tab and Shift+Tab to move,
 * Enter and Space to act, arrows in selects, typing into what has focus.
 * Every stop on the way is checked for a visible focus indicator.
 */

export interface Focused {
  tag: string;
  name: string;
  type: string | null;
  href: string | null;
  /** Why the focus indicator is (or is not) visible. */
  indicator: string | null;
}

/** The focused element: its tag, a readable name, and the outline or box-shadow that shows it. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) {
      return { tag: "body", name: "", type: null, href: null, indicator: null };
    }
    const labels = (el as HTMLInputElement).labels;
    const name = (
      el.getAttribute("aria-label") ??
      (labels && labels.length ? labels[0]!.innerText : null) ??
      el.innerText ??
      ""
    )
      .replace(/\s+/g, " ")
      .trim();
    // The element's own ring, or the one a :focus-within container draws around it.
    let indicator: string | null = null;
    for (let node: HTMLElement | null = el, depth = 0; node && depth < 4; depth++) {
      const style = getComputedStyle(node);
      if (style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2) {
        indicator = `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
        break;
      }
      if (style.boxShadow !== "none") {
        indicator = `box-shadow ${style.boxShadow}`;
        break;
      }
      node = node.parentElement;
    }
    return {
      tag: el.tagName.toLowerCase(),
      name,
      type: el.getAttribute("type"),
      href: el.getAttribute("href"),
      indicator,
    };
  });
}

export async function expectFocusVisible(page: Page, where: string): Promise<Focused> {
  const now = await focused(page);
  expect(now.tag, `focus lost (on <body>) ${where}`).not.toBe("body");
  expect(now.indicator, `no visible focus on <${now.tag}> "${now.name}" ${where}`).not.toBeNull();
  return now;
}

export interface TabTarget {
  /** The focused element's tag (a, button, input, select, textarea, summary). */
  tag?: string;
  /** Matched against the element's label, aria-label or text. */
  name: RegExp | string;
}

function matches(now: Focused, target: TabTarget): boolean {
  if (target.tag && now.tag !== target.tag) return false;
  return typeof target.name === "string" ? now.name === target.name : target.name.test(now.name);
}

/**
 * Presses Tab (or Shift+Tab) until the target has focus, checking that every
 * element passed on the way shows its focus. Fails after `max` presses.
 */
export async function tabTo(
  page: Page,
  target: TabTarget,
  { backwards = false, max = 80 }: { backwards?: boolean; max?: number } = {},
): Promise<Focused> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (now.tag === "body") continue; // past the end of the page: the browser wraps round
    passed.push(`<${now.tag}> ${now.name}`);
    await expectFocusVisible(page, `tabbing to ${String(target.name)}`);
    if (matches(now, target)) return now;
  }
  throw new Error(
    `Never reached ${String(target.name)} in ${max} presses of ${backwards ? "Shift+Tab" : "Tab"}; passed:\n  ${passed.join("\n  ")}`,
  );
}

/** Tabs to a field and types into it. */
export async function typeInto(page: Page, label: RegExp | string, text: string): Promise<void> {
  await tabTo(page, { name: label });
  await page.keyboard.type(text);
}

/** With a <select> focused, presses the arrow keys until the option with this value is chosen. */
export async function chooseWithArrows(page: Page, value: string): Promise<void> {
  const current = () => page.evaluate(() => (document.activeElement as HTMLSelectElement).value);
  const count = await page.evaluate(
    () => (document.activeElement as HTMLSelectElement).options.length,
  );
  for (const key of ["ArrowDown", "ArrowUp"]) {
    for (let i = 0; i <= count; i++) {
      if ((await current()) === value) return;
      await page.keyboard.press(key);
    }
  }
  expect(await current(), "the option was never reached with the arrow keys").toBe(value);
}
