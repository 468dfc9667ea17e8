import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { toFontText } from "~/lib/certificate-pdf.server";
import {
  preview,
  recordingMissedEmail,
  recordingThanksEmail,
  recordingTimeLines,
} from "~emails/recording";

describe("recording emails", () => {
  it("every preview renders a subject, a text part and an HTML part carrying the recording", () => {
    for (const [kind, p] of Object.entries(preview)) {
      const m = p.render();
      expect(m.subject, kind).toContain(p.data.webinar.title);
      expect(m.text, kind).toContain(p.data.recordingUrl);
      expect(m.html, kind).toContain(`href="${p.data.recordingUrl}"`);
      expect(m.calendar, kind).toBeUndefined();
    }
  });

  it("lists the hosts' posts instead of their profiles once there are posts", () => {
    const data = preview["recording-thanks"].data;
    const withPosts = recordingThanksEmail({
      ...data,
      posts: [{ title: "What we learned", url: "https://festival.example.org/blog/learned" }],
    });
    expect(withPosts.text).toContain("Related posts from the faculty:");
    expect(withPosts.text).toContain(
      "- What we learned: https://festival.example.org/blog/learned",
    );
    expect(withPosts.text).not.toContain("/faculty/amara-okafor");
    const noHosts = recordingThanksEmail({ ...data, hosts: [] });
    expect(noHosts.text).not.toContain("Read more from");
  });

  it("escapes what organisers and attendees typed", () => {
    const data = preview["recording-missed"].data;
    const m = recordingMissedEmail({
      ...data,
      recipient: { ...data.recipient, name: "<b>Eve</b>" },
      webinar: { ...data.webinar, title: `Tips & "tricks" <script>alert(1)</script>` },
      recordingUrl: "https://video.example.org/watch?v=1&t=2",
    });
    expect(m.html).not.toContain("<script>");
    expect(m.html).not.toContain("<b>Eve");
    expect(m.html).toContain("Tips &amp; &quot;tricks&quot; &lt;script&gt;");
    expect(m.html).toContain('href="https://video.example.org/watch?v=1&amp;t=2"');
  });

  it("gives the time in the recipient's zone, named, with festival time beside it", () => {
    const data = preview["recording-thanks"].data;
    expect(recordingTimeLines(data)).toEqual({
      local: "Tue 3 Dec, 09:00–09:30 New York time (UTC\u22125)",
      festival: "Festival time: Tue 3 Dec, 14:00–14:30 London time (UTC)",
    });
    expect(
      recordingTimeLines({ ...data, recipient: { ...data.recipient, timeZone: null } }),
    ).toEqual({ local: "Tue 3 Dec, 14:00–14:30 London time (UTC)", festival: null });
  });
});

describe("certificate text", () => {
  it("keeps Western European letters, writes others as near as it can, and never throws", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    expect(toFontText("Zoë Ngũgĩ", font)).toBe("Zoë Ngugi");
    expect(toFontText("Łucja Żółć", font)).toBe("Lucja Zólc");
    expect(toFontText("Renée “Ren” O’Brien – MSc", font)).toBe("Renée “Ren” O’Brien – MSc");
    expect(toFontText("Иван 李", font)).toBe("???? ?");
    expect(toFontText("tab\there\nnewline\u0000", font)).toBe("tab here newline");
    // Decomposed accents (as some systems send them) are composed; what cannot be is dropped.
    expect(toFontText("Jose\u0301 g\u0303", font)).toBe("José g");
    expect(toFontText("zero\u200bwidth", font)).toBe("zerowidth");
    for (const text of ["😀", "\u200b", "\ud800", "a\u0301", "\u0301"]) {
      expect(() => font.widthOfTextAtSize(toFontText(text, font), 12)).not.toThrow();
    }
  });
});
