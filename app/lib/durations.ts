/** "less than a second", "45 seconds", "3 minutes", "2 hours 5 minutes", "1 day 4 hours": how long something has waited. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (s < 1) return "less than a second";
  if (s < 60) return plural(s, "second");
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return [plural(hours, "hour"), minutes % 60 ? plural(minutes % 60, "minute") : ""]
      .filter(Boolean)
      .join(" ");
  const days = Math.floor(hours / 24);
  return [plural(days, "day"), hours % 24 ? plural(hours % 24, "hour") : ""]
    .filter(Boolean)
    .join(" ");
}
