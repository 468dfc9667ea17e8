import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PostEditor } from "~/components/studio/post-editor";
import { CACHE } from "~/lib/http.server";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { requireStudio } from "~/lib/studio-auth.server";
import type { EditorResult, EditorView } from "~/lib/studio-editor-view";
import { formatWhen, zoneLabel } from "~/lib/time";
import { mediaUrl, parseUploadForm, saveImage, uploadedFile } from "~/lib/uploads.server";
import { viewerZone } from "~/lib/viewer-zone.server";
import { festivalInputs } from "~/lib/festival-time";
import {
  parseIntent,
  parsePostForm,
  parsePublishTime,
  parseRevision,
  workingCopyFromForm,
} from "~/models/post-input.server";
import { autosavePost, editorOptions, getEditorPost, savePost } from "~/models/studio.server";
import blogStyles from "~/styles/blog.css";
import studioStyles from "~/styles/studio.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: blogStyles },
  { rel: "stylesheet", href: studioStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Studio · ${data?.post.copy.title || "Untitled draft"}` },
];

const COVER_MAX_BYTES = 3 * 1024 * 1024;

async function editorContext(request: Request) {
  const ctx = await requireStudio(request);
  const zone = viewerZone(request, ctx.festival.timeZone, ctx.viewer.timeZone).zone;
  return { ctx, zone };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, zone } = await editorContext(request);
  const now = new Date();
  const found = await getEditorPost(ctx, params.id ?? "", now);
  if (!found.ok) {
    throw new Response(
      found.status === 403
        ? "You can edit only posts you are an author of."
        : "There is no post at this address.",
      { status: found.status },
    );
  }
  const { post } = found;
  const options = await editorOptions(ctx.festival.id);
  const festivalZone = ctx.festival.timeZone;
  // The schedule fields start on the post's time, or tomorrow at 09:00, in the author's zone.
  const defaultTime =
    post.publishAt ?? new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 86_400_000);
  const inputs = festivalInputs(defaultTime, zone);
  const view: EditorView = {
    post: {
      id: post.id,
      state: post.state,
      revision: post.revision,
      slug: post.slug,
      copy: post.copy,
      savedTitle: post.savedTitle,
      unsaved: post.unsaved ? { at: formatWhen(post.unsaved.at, zone), by: post.unsaved.by } : null,
      publishAt: post.publishAt
        ? {
            author: formatWhen(post.publishAt, zone),
            festival: formatWhen(post.publishAt, festivalZone),
          }
        : null,
    },
    previewHtml: renderMarkdown(post.copy.body),
    schedule: {
      date: inputs.date,
      time: post.publishAt ? inputs.time : "09:00",
      zone,
      zoneLabel: zoneLabel(defaultTime, zone),
      festivalZoneLabel: zoneLabel(defaultTime, festivalZone),
    },
    options: {
      faculty: options.faculty,
      webinars: options.webinars.map((w) => ({
        id: w.id,
        title: w.title,
        when: formatWhen(w.startsAt, festivalZone),
        cancelled: w.status === "cancelled",
      })),
    },
    ownFacultyId: ctx.editsAll ? null : (ctx.profile?.id ?? null),
  };
  return data(view, { headers: { "Cache-Control": CACHE.personal } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, zone } = await editorContext(request);
  const postId = params.id ?? "";
  const now = new Date();
  const { form, tooLarge } = await parseUploadForm(request, { maxBytes: COVER_MAX_BYTES });
  const intent = parseIntent(form.get("intent"));
  const revision = parseRevision(form.get("revision"));
  const copy = workingCopyFromForm(form);
  if (form.get("intent") === "preview") {
    // Without JavaScript the preview comes from here; the text is autosaved on the way.
    if (revision !== null) await autosavePost(ctx, postId, copy, revision, now, zone);
    return data({ errors: {}, copy, message: null, previewHtml: renderMarkdown(copy.body) });
  }
  if (!intent || revision === null) {
    return data(
      {
        errors: { form: "Choose what to do with the post." },
        copy,
        message: null,
        previewHtml: null,
      },
      400,
    );
  }
  const needsFields = intent === "save" || intent === "publish" || intent === "schedule";
  let fields = null;
  let publishAt: Date | undefined;
  if (needsFields) {
    const errors: Record<string, string> = {};
    let uploadedCover: string | null = null;
    if (tooLarge.includes("coverImage"))
      errors.coverImage = "The image is too large: at most 3 MB.";
    const file = uploadedFile(form, "coverImage");
    if (file && !errors.coverImage) {
      const limit = await consumeRequestLimit("upload", request, ctx.viewer.id);
      if (!limit.ok) {
        const body = {
          errors: { coverImage: limit.message },
          copy,
          message: null,
          previewHtml: null,
        };
        return tooManyRequests(limit, body);
      }
      const saved = await saveImage(file, { maxBytes: COVER_MAX_BYTES });
      if (saved.ok) uploadedCover = mediaUrl(saved.name);
      else errors.coverImage = saved.error;
    }
    const parsed = parsePostForm(form, {
      forReaders: intent !== "save",
      uploadedCover,
    });
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    if (intent === "schedule") {
      const when = parsePublishTime(form, zone, now);
      if (when.ok) publishAt = when.instant;
      else Object.assign(errors, when.errors);
    }
    if (!parsed.ok || Object.keys(errors).length > 0) {
      // Refused, but nothing typed is lost: the page keeps it and so does the server.
      const kept = parsed.ok ? copy : parsed.copy;
      await autosavePost(ctx, postId, kept, revision, now, zone);
      return data({ errors, copy: kept, message: null, previewHtml: null }, 400);
    }
    fields = parsed.fields;
  }
  const result = await savePost(
    ctx,
    postId,
    { intent, fields, publishAt, baseRevision: revision, zone },
    now,
  );
  if (!result.ok) {
    if (result.status === 403 || result.status === 404) {
      throw new Response(result.errors.form ?? "Not allowed.", { status: result.status });
    }
    return data({ errors: result.errors, copy, message: null, previewHtml: null }, result.status);
  }
  if (result.deleted) return redirect("/studio", 303);
  return data({ errors: {}, copy: null, message: result.message, previewHtml: null });
}

export default function EditPost() {
  const loaded: EditorView = useLoaderData<typeof loader>();
  const result: EditorResult | undefined = useActionData<typeof action>();
  return <PostEditor loaded={loaded} result={result ?? null} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
