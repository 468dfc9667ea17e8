import { DateTime } from "luxon";
import {
  ACCESSIBILITY_STATEMENT,
  type AccessibilityStatementData,
} from "~/lib/accessibility-statement";

/** "28 November 2026": a calendar date, the same in every zone. */
const longDate = (isoDate: string) =>
  DateTime.fromISO(isoDate, { zone: "UTC" }).setLocale("en-GB").toFormat("d LLLL yyyy");

function Contact({ email }: { email: string | null }) {
  return email ? <a href={`mailto:${email}`}>{email}</a> : <>the festival organisers</>;
}

/**
 * The accessibility statement: where the site stands against WCAG 2.2 AA,
 * how that is checked, what is known not to work, and whom to tell.
 */
export function AccessibilityStatement({
  festivalName,
  contactEmail,
  preparedOn,
}: AccessibilityStatementData) {
  const { standard, status } = ACCESSIBILITY_STATEMENT;
  return (
    <article className="narrow prose" aria-labelledby="accessibility-title">
      <h1 id="accessibility-title">Accessibility statement</h1>
      <p>
        {festivalName} wants everyone to be able to use this website: to find and register for
        webinars, read the blog, enter and vote in Network90, use the resource library and, for
        organisers and speakers, run the festival from the back office and the studio.
      </p>

      <h2 id="status">Conformance status</h2>
      <p>
        This website is <strong>{status}</strong> with the Web Content Accessibility Guidelines (
        {standard}). Partially conformant means that some content does not fully meet the standard:
        the parts listed under <a href="#limitations">Known limitations</a>. The site has not yet
        had an independent audit, nor been tested by disabled people with their own assistive
        technology, so there may be problems we have not found.
      </p>

      <h2 id="what-works">What you can expect</h2>
      <ul>
        <li>The main journeys work with a keyboard alone, and focus is always visible.</li>
        <li>A &ldquo;Skip to content&rdquo; link is the first thing on every page.</li>
        <li>
          Every form field has a label. A mistake is explained in words next to its field and
          listed, with a link to the field, at the top of the form, which takes focus; nothing you
          typed is lost.
        </li>
        <li>Times name their time zone, and you can choose the zone they are shown in.</li>
        <li>Pages reflow to a narrow window or 400% zoom without scrolling sideways.</li>
        <li>
          Nothing moves or plays by itself: videos start only when you press play, and Network90
          entries must come with captions.
        </li>
        <li>Charts in the back office come with a table of the same figures.</li>
        <li>Signing in, registering and the other main forms work without JavaScript.</li>
      </ul>

      <h2 id="testing">How we test</h2>
      <ul>
        <li>
          <strong>Automated checks:</strong> axe-core runs in Chromium against the WCAG 2.0, 2.1 and
          2.2 A and AA rules on the pages the browser tests visit (the public site, accounts,
          Network90 entry, judging and voting, the studio and the back office), in the states that
          matter: signed out and signed in as an attendee, entrant, judge and organiser; forms
          empty, filled in and sent with mistakes so the errors show; every disclosure open (the
          site has no pop-up dialogs or menus). Every email the site sends is checked the same way
          at desktop and phone widths.
        </li>
        <li>
          <strong>Keyboard only:</strong> automated journeys use nothing but Tab, Shift+Tab, Enter,
          Space and the arrow keys to browse the schedule and change its time zone, sign in with an
          emailed code, register for the festival and a webinar, add a webinar to a calendar, read a
          blog post and vote in Network90. At every step they check that the focused element shows a
          visible outline, and that the skip link moves focus to the main content.
        </li>
        <li>
          <strong>Zoom and reflow:</strong> the main pages are checked at 320 CSS pixels wide (a
          1280-pixel window at 400% zoom) for content that would need sideways scrolling.
        </li>
        <li>
          <strong>Motion:</strong> the site has no animations, so there is nothing to reduce for
          people who ask their system for less motion.
        </li>
      </ul>
      <p>
        These checks are part of the project&rsquo;s test suite, which its continuous integration
        runs in full.
      </p>

      <h2 id="limitations">Known limitations</h2>
      <ul>
        <li>
          <strong>Webinars and recordings</strong> take place on third-party meeting and video
          platforms that the joining link or recording link takes you to. Their players, chat and
          live captions are the platform&rsquo;s, not ours.
        </li>
        <li>
          <strong>Network90 videos and captions</strong> are made by the entrants. Every entry must
          have captions before it can be shortlisted, but we do not check that they are accurate,
          and videos hosted on other sites play in that site&rsquo;s player.
        </li>
        <li>
          <strong>Certificates of attendance</strong> are PDF files without tags, so screen readers
          read them as plain text without structure. What they certify (that you attended, which
          webinar and when) is also on your My festival page as text.
        </li>
        <li>
          <strong>Documents in the resource library</strong> (PDF, Word, PowerPoint and others) and
          images in posts are made by their authors, and may not all be accessible. If you need one
          in another format, write to us and we will ask the author.
        </li>
      </ul>

      <h2 id="report">Reporting a problem</h2>
      <p>
        If something on this site does not work for you, or you need information in a different
        format, email <Contact email={contactEmail} />. Please tell us the address of the page, what
        you were trying to do, and the browser and any assistive technology you use. We read every
        message and will tell you what we are doing about it.
      </p>

      <h2 id="date">Preparation of this statement</h2>
      <p>
        This statement was prepared on <time dateTime={preparedOn}>{longDate(preparedOn)}</time>,
        from the tests described above, and will be reviewed whenever the site changes in a way that
        could affect accessibility.
      </p>
    </article>
  );
}
