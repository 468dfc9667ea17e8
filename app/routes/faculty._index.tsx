import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PersonCard } from "~/components/person-card";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { renderMarkdown } from "~/lib/markdown.server";
import { listFaculty, toFacultyView } from "~/models/faculty.server";
import { requireCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Faculty · ${data.festivalName}` : "Faculty" },
];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const faculty = await listFaculty(festival.id);
  return data(
    {
      festivalName: festival.name,
      faculty: faculty.map((f) => ({ ...toFacultyView(f), bioHtml: renderMarkdown(f.bio) })),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function FacultyIndex() {
  const { faculty, festivalName } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>The faculty</h1>
      <p className="lead">
        The experts who host {festivalName}&rsquo;s webinars and write its daily blog.
      </p>
      <div className="person-list">
        {faculty.map((f) => (
          <PersonCard key={f.slug} person={f} bioHtml={f.bioHtml} />
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
