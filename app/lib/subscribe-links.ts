/** Links that subscribe a calendar app to a feed URL (not a one-off import). */
export function subscribeLinks(feed: string, name: string) {
  const webcal = feed.replace(/^https?:/, "webcal:");
  return {
    webcal,
    google: `https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcal)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(feed)}&name=${encodeURIComponent(name)}`,
  };
}
