/**
 * A process-wide version number for "what the public can see of the
 * schedule". Anything that changes webinars, faculty or the festival calls
 * scheduleChanged(); caches compare versions to know they are stale.
 */
type State = { version: number; listeners: Set<() => void> };
const state: State = ((globalThis as { __meridianSchedule?: State }).__meridianSchedule ??= {
  version: 0,
  listeners: new Set(),
});

export function scheduleVersion(): number {
  return state.version;
}

export function scheduleChanged(): void {
  state.version += 1;
  for (const listener of state.listeners) listener();
}

export function onScheduleChanged(listener: () => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}
