import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { routeLabeller } from "~/server/route-label.server";

type Route = ServerBuild["routes"][string];
const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) =>
  ({ id, parentId, path, index, caseSensitive: undefined, module: {} }) as unknown as Route;

/** The shape of Remix's build: a root layout, pages under it, a catch-all. */
const routes: ServerBuild["routes"] = {
  root: route("root", undefined, ""),
  "routes/_index": route("routes/_index", "root", undefined, true),
  "routes/schedule": route("routes/schedule", "root", "schedule"),
  "routes/webinars.$slug": route("routes/webinars.$slug", "root", "webinars/:slug"),
  "routes/webinars.$slug_.join": route(
    "routes/webinars.$slug_.join",
    "root",
    "webinars/:slug/join",
  ),
  "routes/calendar.$feed": route("routes/calendar.$feed", "root", "calendar/:feed"),
  "routes/unsubscribe.$token": route("routes/unsubscribe.$token", "root", "unsubscribe/:token"),
  "routes/$": route("routes/$", "root", "*"),
};

describe("labelling requests by route", () => {
  const label = routeLabeller(routes);

  it("names the route, one label for every webinar rather than one per address", () => {
    expect(label("/webinars/opening").route).toBe("routes/webinars.$slug");
    expect(label("/webinars/closing").route).toBe("routes/webinars.$slug");
    expect(label("/webinars/opening/join").route).toBe("routes/webinars.$slug_.join");
    expect(label("/").route).toBe("routes/_index");
    expect(label("/no/such/page").route).toBe("routes/$");
  });

  it("gives Remix's data requests the label of their page", () => {
    expect(label("/schedule.data").route).toBe("routes/schedule");
    expect(label("/_root.data").route).toBe("routes/_index");
    expect(label("/build/entry.client-ABC.js").route).toBe("static");
  });

  it("masks secret tokens in the logged path and keeps other segments", () => {
    const feed = label("/calendar/3f9a0c1d2e4b5a6f7c8d9e0f1a2b3c4d.ics");
    expect(feed).toEqual({ route: "routes/calendar.$feed", path: "/calendar/:feed" });
    expect(label("/unsubscribe/abc.def.ghi").path).toBe("/unsubscribe/:token");
    expect(label("/webinars/opening").path).toBe("/webinars/opening");
  });
});
