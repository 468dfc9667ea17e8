import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { DOCUMENT_LABELS, formatBytes, isDocumentType } from "~/lib/document-types";
import { CACHE } from "~/lib/http.server";
import { licenceView } from "~/lib/resource-view";
import { formatWhen, zoneCity } from "~/lib/time";
import { listResourcesForAdmin, upcomingResources } from "~/models/resources.server";
import resourceStyles from "~/styles/resources.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resourceStyles }];

export const meta: MetaFunction = () => [{ title: "Resources · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const now = new Date();
  const [rows, upcoming] = await Promise.all([
    listResourcesForAdmin(festival.id),
    upcomingResources(festival.id, now),
  ]);
  return data(
    {
      zoneName: zoneCity(festival.timeZone),
      upcoming: upcoming.count,
      resources: rows.map((r) => ({
        id: r.id,
        title: r.title,
        slug: r.slug,
        released: r.releaseAt.getTime() <= now.getTime(),
        // Organisers think in the festival's zone: the time they typed, with the zone named.
        releaseAt: formatWhen(r.releaseAt, festival.timeZone),
        format: isDocumentType(r.fileType)
          ? `${DOCUMENT_LABELS[r.fileType]}, ${formatBytes(r.fileBytes ?? 0)}`
          : "Link",
        licence: licenceView(r.licence).short,
        downloads: r.downloads,
      })),
      deleted: new URL(request.url).searchParams.get("deleted"),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function AdminResources() {
  const { resources, zoneName, upcoming, deleted } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="resources-title" className="stack">
      <h1 id="resources-title">Resources</h1>
      <p>
        Open methods and toolkits on <Link to="/resources">/resources</Link>. Each appears at its
        release time; until then only organisers see it here. Times are in {zoneName} time.
      </p>
      {deleted ? (
        <p className="notice notice--success" role="status">
          Deleted “{deleted.slice(0, 200)}” and its file.
        </p>
      ) : null}
      <p>
        <Link className="button button--primary" to="/admin/resources/new">
          Add a resource
        </Link>
      </p>
      {resources.length === 0 ? (
        <p>No resources yet.</p>
      ) : (
        <>
          <p className="muted">
            {upcoming === 0 ? "Everything is released." : `${upcoming} still to be released.`}
          </p>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Resources, by release time</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Release</th>
                  <th scope="col">Format</th>
                  <th scope="col">Licence</th>
                  <th scope="col">Downloads</th>
                </tr>
              </thead>
              <tbody>
                {resources.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/admin/resources/${r.id}`}>{r.title}</Link>
                    </th>
                    <td>
                      {r.released ? (
                        <>
                          <span className="badge badge--published">Released</span> {r.releaseAt}{" "}
                          <Link to={`/resources/${r.slug}`}>
                            View<span className="visually-hidden"> {r.title}</span>
                          </Link>
                        </>
                      ) : (
                        <>
                          <span className="badge badge--draft">Not yet</span> releases at{" "}
                          {r.releaseAt}
                        </>
                      )}
                    </td>
                    <td>{r.format}</td>
                    <td>{r.licence}</td>
                    <td>{r.downloads.toLocaleString("en-GB")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
