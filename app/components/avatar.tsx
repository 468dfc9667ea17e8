/** A person's photo, or their initials on a colour chosen from their name. */
const COLOURS = ["#0b5563", "#7c2d12", "#3730a3", "#065f46", "#831843", "#1e3a8a"];

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

function colourFor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length] ?? COLOURS[0]!;
}

export function Avatar({
  name,
  photoUrl,
  size = 48,
}: {
  name: string;
  photoUrl: string | null;
  size?: number;
}) {
  if (photoUrl) {
    return <img className="avatar" src={photoUrl} alt="" width={size} height={size} />;
  }
  return (
    <span
      className="avatar avatar--initials"
      aria-hidden="true"
      style={{ width: size, height: size, background: colourFor(name), fontSize: size * 0.38 }}
    >
      {initials(name)}
    </span>
  );
}
