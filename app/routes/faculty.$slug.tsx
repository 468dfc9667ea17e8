import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TimeRange } from "~/components/time-range";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { markdownToText, renderMarkdown } from "~/lib/markdown.server";
import { getFacultyProfile } from "~/models/faculty.server";
import { requireCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.profile.name} · ${data.festivalName}` },
        { name: "description", content: data.summary },
      ]
    : [{ title: "Faculty member not found" }];

export const headers = loaderCacheHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const found = await getFacultyProfile(festival.id, params.slug ?? "");
  if (!found) throw new Response("There is no faculty member at this address.", { status: 404 });
  const { profile, webinars } = found;
  return data(
    {
      festivalName: festival.name,
      profile: {
        name: profile.name,
        title: profile.title,
        organisation: profile.organisation,
        location: profile.location,
        photoUrl: profile.photoUrl,
        isChair: profile.isChair,
      },
      bioHtml: renderMarkdown(profile.bio),
      summary: markdownToText(profile.bio, 200),
      webinars: webinars.map((w) => ({ ...w, startsAt: w.startsAt.toISOString() })),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function FacultyProfilePage() {
  const { profile, bioHtml, webinars } = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="profile-name">
      <p className="breadcrumb">
        <Link to="/faculty">Faculty</Link>
      </p>
      <div className="profile-head">
        <Avatar name={profile.name} photoUrl={profile.photoUrl} size={96} />
        <div>
          <h1 id="profile-name">{profile.name}</h1>
          {profile.isChair ? <p className="badge badge--chair">Chair of the faculty</p> : null}
          <p className="person-card__role">{profile.title}</p>
          <p className="person-card__place">{profile.location}</p>
        </div>
      </div>
      <div className="prose" dangerouslySetInnerHTML={{ __html: bioHtml }} />
      <section aria-labelledby="hosting">
        <h2 id="hosting">Webinars</h2>
        {webinars.length ? (
          <ul className="plain-list">
            {webinars.map((w) => (
              <li key={w.slug}>
                <Link to={`/webinars/${w.slug}`}>{w.title}</Link>
                {w.status === "cancelled" ? " (cancelled)" : ""}
                <br />
                <TimeRange
                  startsAt={w.startsAt}
                  durationMinutes={w.durationMinutes}
                  withFestivalTime={false}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p>{profile.name} is not hosting a webinar this year.</p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
