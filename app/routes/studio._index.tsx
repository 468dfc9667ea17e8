import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PostStateBadge } from "~/components/post-state-badge";
import { CACHE } from "~/lib/http.server";
import { requireStudio } from "~/lib/studio-auth.server";
import { formatWhen } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { createDraft, listStudioPosts } from "~/models/studio.server";

export const meta: MetaFunction = () => [{ title: "Studio · your posts" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireStudio(request);
  const now = new Date();
  const zone = viewerZone(request, ctx.festival.timeZone, ctx.viewer.timeZone).zone;
  const posts = await listStudioPosts(ctx, now);
  const when = (d: Date | null) => (d ? formatWhen(d, zone) : null);
  return data(
    {
      festivalName: ctx.festival.name,
      profile: ctx.profile,
      editsAll: ctx.editsAll,
      posts: posts.map((p) => ({
        ...p,
        publishAt: when(p.publishAt),
        updatedAt: when(p.updatedAt),
        unsavedSince: when(p.unsavedSince),
      })),
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireStudio(request);
  const id = await createDraft(ctx, new Date());
  return redirect(`/studio/posts/${id}`, 303);
}

export default function StudioIndex() {
  const { festivalName, profile, editsAll, posts } = useLoaderData<typeof loader>();
  const mine = posts.filter((p) => p.mine);
  const others = posts.filter((p) => !p.mine);
  return (
    <section aria-labelledby="studio-title" className="stack">
      <h1 id="studio-title">Studio</h1>
      <p className="lead">
        Write for the {festivalName} blog: drafts are yours until you publish them or schedule them
        for a time of your choosing.
      </p>
      <div className="inline-list">
        <Form method="post">
          <button type="submit" className="button button--primary">
            New post
          </button>
        </Form>
        {profile ? (
          <>
            <Link to="/me/faculty-profile">Your faculty profile</Link>
            <Link to={`/faculty/${profile.slug}`}>Your public page</Link>
          </>
        ) : null}
        <Link to="/blog">The blog</Link>
      </div>
      <PostTable title={editsAll ? "Your posts" : "Posts you write"} posts={mine} />
      {editsAll ? <PostTable title="Everyone else's posts" posts={others} /> : null}
    </section>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["posts"][number];

function PostTable({ title, posts }: { title: string; posts: Row[] }) {
  const id = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {posts.length === 0 ? (
        <p className="muted">No posts yet.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">State</th>
              <th scope="col">Authors</th>
              <th scope="col">Last saved</th>
            </tr>
          </thead>
          <tbody>
            {posts.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/studio/posts/${p.id}`}>{p.title || "Untitled draft"}</Link>
                  {p.unsavedSince ? (
                    <p className="field-hint">Unsaved changes, autosaved {p.unsavedSince}</p>
                  ) : null}
                </td>
                <td>
                  <PostStateBadge state={p.state} />
                  {p.state !== "draft" && p.publishAt ? (
                    <p className="field-hint">
                      {p.state === "scheduled" ? "Appears" : "Since"} {p.publishAt}
                    </p>
                  ) : null}
                </td>
                <td>{p.authors.join(", ") || <span className="muted">No author yet</span>}</td>
                <td>{p.updatedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
