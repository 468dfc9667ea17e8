import { useEffect, useRef } from "react";

/**
 * Moves focus to the element (give it tabIndex={-1} unless it is focusable)
 * each time `trigger` becomes a new truthy value: a result replacing the
 * control that was used (a button gone, a step changed) would otherwise drop
 * keyboard and screen reader users back at the top of the page.
 */
export function useFocusOn<T extends HTMLElement>(trigger: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (trigger) ref.current?.focus();
  }, [trigger]);
  return ref;
}
