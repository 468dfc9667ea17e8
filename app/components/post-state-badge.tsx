const LABELS = { draft: "Draft", scheduled: "Scheduled", published: "Published" } as const;

/** A post's state in words (never by colour alone). */
export function PostStateBadge({ state }: { state: keyof typeof LABELS }) {
  return <span className={`badge badge--post-${state}`}>{LABELS[state]}</span>;
}
