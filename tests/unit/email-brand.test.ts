import { describe, expect, it } from "vitest";
import { brandOf, renderHtml } from "~emails/layout";

const content = {
  heading: "Hello",
  blocks: [{ button: { label: "Open", href: "https://fest.example.org/schedule" } }],
  footer: "Footer",
};

describe("the festival's brand in emails", () => {
  it("paints buttons in the festival colour and shows the logo with the festival's name as its text", () => {
    const html = renderHtml({
      ...content,
      brand: brandOf({
        name: "Networks <Festival>",
        brandColour: "#7a1f5c",
        logoUrl: "https://fest.example.org/media/logo.png",
      }),
    });
    expect(html).toContain("background:#7a1f5c;color:#ffffff");
    expect(html).toContain(
      '<img src="https://fest.example.org/media/logo.png" alt="Networks &lt;Festival&gt;"',
    );
  });

  it("writes the name where there is no logo, and ignores a colour that is not #rrggbb", () => {
    const html = renderHtml({
      ...content,
      brand: { name: "Fest", colour: "red;background:url(x)" },
    });
    expect(html).not.toContain("url(x)");
    expect(html).toContain("background:#0b5563;color:#ffffff");
    expect(html).toMatch(/<span[^>]*>Fest<\/span>/);
  });
});
