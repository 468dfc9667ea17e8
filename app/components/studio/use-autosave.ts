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
 * Keeps the editor's form on the server a moment after each change, and
 * sends it once more as a beacon when the page is hidden or closed, so
 * closing the tab mid-sentence loses nothing. A conflict (someone saved
 * the post since this page opened) stops autosaving and says so.
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
        setStatus((s) => (dirty.current ? s : { kind: "saved", at: result.savedAt! }));
        return;
      }
      const fatal = response.status === 409 || response.status === 403 || response.status === 404;
      if (fatal) stopped.current = true;
      else dirty.current = true;
      setStatus({ kind: "error", message: result.error ?? "Not saved.", fatal });
    } catch (error) {
      if (controller.signal.aborted) return;
      dirty.current = true;
      setStatus({
        kind: "error",
        message: "Not saved yet: the connection dropped. Trying again…",
        fatal: false,
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), RETRY_MS);
      void error;
    }
  }, [formRef, url]);

  /** Call on every input: saves once typing pauses. */
  const changed = useCallback(() => {
    if (stopped.current) return;
    dirty.current = true;
    setStatus({ kind: "pending" });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DELAY_MS);
  }, [save]);

  /** Call when the form is submitted for real: that save supersedes any autosave. */
  const submitted = useCallback(() => {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    dirty.current = false;
    setStatus({ kind: "idle" });
  }, []);

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

  return { status, changed, submitted };
}
