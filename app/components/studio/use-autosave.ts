import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

export type AutosaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "error"; message: string; fatal: boolean };

const DELAY_MS = 1_200;
const RETRY_MS = 5_000;

/** The form as autosave sends it: every typed field, never the file or the button pressed. */
function snapshot(form: HTMLFormElement): FormData {
  const data = new FormData(form);
  data.delete("coverImage");
  data.delete("intent");
  return data;
}

/**
 * A copy in the browser too, written on every keystroke: a reload or a
 * closed tab can outrun the last request to the server, never this.
 */
interface LocalCopy {
  revision: string;
  fields: [string, string][];
}

function storageKey(url: string): string {
  return `meridian:autosave:${url}`;
}

function textFields(data: FormData): [string, string][] {
  return [...data.entries()].filter((e): e is [string, string] => typeof e[1] === "string");
}

function keepLocally(url: string, form: HTMLFormElement) {
  try {
    const fields = textFields(snapshot(form));
    const revision = fields.find(([k]) => k === "revision")?.[1] ?? "";
    localStorage.setItem(storageKey(url), JSON.stringify({ revision, fields } satisfies LocalCopy));
  } catch {
    // Private windows and full storage: the server copy still works.
  }
}

function forgetLocally(url: string) {
  try {
    localStorage.removeItem(storageKey(url));
  } catch {
    // Nothing to forget.
  }
}

/**
 * Puts back what this browser had typed but the server never got, if the
 * post has not been saved for real since (same revision). Returns whether
 * anything changed.
 */
function restoreLocally(url: string, form: HTMLFormElement): boolean {
  let copy: LocalCopy | null = null;
  try {
    copy = JSON.parse(localStorage.getItem(storageKey(url)) ?? "null") as LocalCopy | null;
  } catch {
    copy = null;
  }
  if (!copy) return false;
  const current = textFields(snapshot(form));
  const revision = current.find(([k]) => k === "revision")?.[1] ?? "";
  if (copy.revision !== revision) {
    forgetLocally(url);
    return false;
  }
  if (JSON.stringify(copy.fields) === JSON.stringify(current)) return false;
  const values = new Map<string, string[]>();
  for (const [name, value] of copy.fields) values.set(name, [...(values.get(name) ?? []), value]);
  for (const element of [...form.elements]) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) continue;
    if (!element.name || element.name === "revision" || element.type === "file") continue;
    if (element.type === "hidden") continue;
    const wanted = values.get(element.name) ?? [];
    if (element instanceof HTMLInputElement && element.type === "checkbox") {
      if (!element.disabled) element.checked = wanted.includes(element.value);
    } else {
      element.value = wanted[0] ?? "";
    }
  }
  return true;
}

/**
 * Keeps the editor's form on the server a moment after each change, and
 * sends it once more as a beacon when the page is hidden or closed, so
 * closing the tab mid-sentence loses nothing. A conflict (someone saved
 * the post since this page opened) stops autosaving and says so. Every
 * keystroke is also kept in the browser, and put back on the next visit if
 * it never reached the server.
 */
export function useAutosave(formRef: RefObject<HTMLFormElement>, url: string) {
  const [status, setStatus] = useState<AutosaveStatus>({ kind: "idle" });
  const dirty = useRef(false);
  const stopped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController | null>(null);

  const save = useCallback(async () => {
    const form = formRef.current;
    if (!form || !dirty.current || stopped.current) return;
    dirty.current = false;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setStatus({ kind: "saving" });
    try {
      const response = await fetch(url, {
        method: "POST",
        body: snapshot(form),
        credentials: "same-origin",
        signal: controller.signal,
      });
      const result = (await response.json()) as { ok: boolean; savedAt?: string; error?: string };
      if (result.ok && result.savedAt) {
        if (!dirty.current) forgetLocally(url);
        setStatus((s) => (dirty.current ? s : { kind: "saved", at: result.savedAt! }));
        return;
      }
      const fatal = response.status === 409 || response.status === 403 || response.status === 404;
      if (fatal) stopped.current = true;
      else dirty.current = true;
      setStatus({ kind: "error", message: result.error ?? "Not saved.", fatal });
    } catch {
      if (controller.signal.aborted) return;
      dirty.current = true;
      setStatus({
        kind: "error",
        message: "Not saved yet: the connection dropped. Trying again…",
        fatal: false,
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), RETRY_MS);
    }
  }, [formRef, url]);

  /** Call on every input: saves once typing pauses. */
  const changed = useCallback(() => {
    if (stopped.current) return;
    if (formRef.current) keepLocally(url, formRef.current);
    dirty.current = true;
    setStatus({ kind: "pending" });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DELAY_MS);
  }, [formRef, url, save]);

  /** Call when the form is submitted for real: that save supersedes any autosave. */
  const submitted = useCallback(() => {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    dirty.current = false;
    forgetLocally(url);
    setStatus({ kind: "idle" });
  }, [url]);

  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const form = formRef.current;
    if (form && restoreLocally(url, form)) {
      setRestored(true);
      dirty.current = true;
      void save();
    }
  }, [formRef, url, save]);

  useEffect(() => {
    const flush = () => {
      const form = formRef.current;
      if (!form || !dirty.current || stopped.current) return;
      dirty.current = false;
      clearTimeout(timer.current);
      navigator.sendBeacon(url, snapshot(form));
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(timer.current);
    };
  }, [formRef, url]);

  return { status, changed, submitted, restored };
}
