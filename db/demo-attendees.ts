/**
 * People for the demo festival, so the back office has registrations to
 * show: deterministic (the same on every machine), spread over the zones a
 * festival like Networkfest draws from, all at example.org addresses.
 */

/** Given names, shared with the large festival (scripts/lib/large-festival-data.ts). */
export const FIRST = [
  "Aisha",
  "Ben",
  "Chloe",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
  "Maya",
  "Nikos",
  "Olga",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sanjay",
  "Tara",
];
/** Family names, shared with the large festival. */
export const LAST = [
  "Adeyemi",
  "Brennan",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "García",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Lindqvist",
  "Mensah",
  "Novak",
  "O'Brien",
  "Patel",
  "Rossi",
  "Silva",
];

/** Zone, country, and how many of every 20 attendees come from there. */
const PLACES: { zone: string; country: string; weight: number }[] = [
  { zone: "Europe/London", country: "United Kingdom", weight: 7 },
  { zone: "Europe/Dublin", country: "Ireland", weight: 1 },
  { zone: "Europe/Berlin", country: "Germany", weight: 2 },
  { zone: "America/New_York", country: "United States", weight: 3 },
  { zone: "America/Chicago", country: "United States", weight: 1 },
  { zone: "America/Toronto", country: "Canada", weight: 1 },
  { zone: "Africa/Lagos", country: "Nigeria", weight: 1 },
  { zone: "Asia/Kolkata", country: "India", weight: 1 },
  { zone: "Australia/Melbourne", country: "Australia", weight: 2 },
  { zone: "Pacific/Auckland", country: "New Zealand", weight: 1 },
];

const NETWORKS = [
  "Northern Care Network",
  "Coastal Communities Alliance",
  "Patient Voices",
  "Ohio Neighbourhood Network",
  "Pacific Learning Collective",
  "Urban Health Partnership",
];

const HEARD_FROM = ["My network", "Email", "Social media", "A colleague", "Search engine"];

export interface DemoAttendee {
  email: string;
  name: string;
  timeZone: string;
  country: string;
  network: string;
  heardFrom: string;
  /** Days before the seed ran that they registered. */
  daysAgo: number;
  /** Which of the demo webinars (by index) they picked. */
  webinars: number[];
}

const placeFor = (i: number) => {
  const slots = PLACES.flatMap((p) => Array.from({ length: p.weight }, () => p));
  return slots[(i * 7) % slots.length]!;
};

export function demoAttendees(count: number, webinarCount: number): DemoAttendee[] {
  return Array.from({ length: count }, (_, i) => {
    const place = placeFor(i);
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 5) % LAST.length]!;
    const picks = [0, 1, 2, 3].map((k) => (i + k * 3) % webinarCount);
    return {
      email: `demo.attendee.${i + 1}@example.org`,
      name: `${first} ${last}`,
      timeZone: place.zone,
      country: place.country,
      network: NETWORKS[i % NETWORKS.length]!,
      heardFrom: HEARD_FROM[i % HEARD_FROM.length]!,
      // More people register as the festival nears: a rising curve over three weeks.
      daysAgo: Math.floor(21 * (1 - Math.sqrt(((i * 13) % count) / count))),
      webinars: [...new Set(picks.slice(0, 1 + (i % 4)))],
    };
  });
}
