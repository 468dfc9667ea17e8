/**
 * Word lists for the large festival (scripts/lib/large-festival.ts): names,
 * places and topics combined by index, so 50,000 people and 40 webinars come
 * out varied and the same on every machine.
 */

import { FIRST, LAST } from "~db/demo-attendees";

export const FIRST_NAMES = [...FIRST, "Uma", "Victor", "Wen", "Yusuf", "Zanele"];

export const LAST_NAMES = [...LAST, "Tanaka", "Usman", "Virtanen", "Walsh", "Xu"];

/**
 * Where attendees are, with how many of every 100 come from there: most in
 * Europe, many in the Americas, and a long tail across Africa, Asia and
 * Oceania (zones with half-hour offsets and southern summers included).
 */
export const PLACES: { zone: string; country: string; weight: number }[] = [
  { zone: "Europe/London", country: "United Kingdom", weight: 24 },
  { zone: "Europe/Dublin", country: "Ireland", weight: 4 },
  { zone: "Europe/Lisbon", country: "Portugal", weight: 2 },
  { zone: "Europe/Paris", country: "France", weight: 4 },
  { zone: "Europe/Berlin", country: "Germany", weight: 4 },
  { zone: "Europe/Madrid", country: "Spain", weight: 2 },
  { zone: "Europe/Rome", country: "Italy", weight: 2 },
  { zone: "Europe/Amsterdam", country: "Netherlands", weight: 2 },
  { zone: "Europe/Stockholm", country: "Sweden", weight: 1 },
  { zone: "Europe/Warsaw", country: "Poland", weight: 1 },
  { zone: "Europe/Athens", country: "Greece", weight: 1 },
  { zone: "Europe/Kyiv", country: "Ukraine", weight: 1 },
  { zone: "Europe/Istanbul", country: "Turkey", weight: 1 },
  { zone: "America/New_York", country: "United States", weight: 8 },
  { zone: "America/Chicago", country: "United States", weight: 3 },
  { zone: "America/Denver", country: "United States", weight: 1 },
  { zone: "America/Los_Angeles", country: "United States", weight: 3 },
  { zone: "America/Toronto", country: "Canada", weight: 2 },
  { zone: "America/Vancouver", country: "Canada", weight: 1 },
  { zone: "America/St_Johns", country: "Canada", weight: 1 },
  { zone: "America/Mexico_City", country: "Mexico", weight: 1 },
  { zone: "America/Bogota", country: "Colombia", weight: 1 },
  { zone: "America/Sao_Paulo", country: "Brazil", weight: 2 },
  { zone: "America/Argentina/Buenos_Aires", country: "Argentina", weight: 1 },
  { zone: "America/Santiago", country: "Chile", weight: 1 },
  { zone: "Africa/Lagos", country: "Nigeria", weight: 3 },
  { zone: "Africa/Accra", country: "Ghana", weight: 1 },
  { zone: "Africa/Nairobi", country: "Kenya", weight: 2 },
  { zone: "Africa/Johannesburg", country: "South Africa", weight: 2 },
  { zone: "Africa/Cairo", country: "Egypt", weight: 1 },
  { zone: "Asia/Dubai", country: "United Arab Emirates", weight: 1 },
  { zone: "Asia/Karachi", country: "Pakistan", weight: 1 },
  { zone: "Asia/Kolkata", country: "India", weight: 4 },
  { zone: "Asia/Kathmandu", country: "Nepal", weight: 1 },
  { zone: "Asia/Dhaka", country: "Bangladesh", weight: 1 },
  { zone: "Asia/Singapore", country: "Singapore", weight: 1 },
  { zone: "Asia/Manila", country: "Philippines", weight: 1 },
  { zone: "Asia/Tokyo", country: "Japan", weight: 1 },
  { zone: "Australia/Adelaide", country: "Australia", weight: 1 },
  { zone: "Australia/Melbourne", country: "Australia", weight: 2 },
  { zone: "Australia/Sydney", country: "Australia", weight: 2 },
  { zone: "Pacific/Auckland", country: "New Zealand", weight: 1 },
];

export const NETWORKS = [
  "Northern Care Network",
  "Coastal Communities Alliance",
  "Patient Voices",
  "Ohio Neighbourhood Network",
  "Pacific Learning Collective",
  "Urban Health Partnership",
  "Rural Futures Forum",
  "Open Data Circle",
  "Youth Work Exchange",
  "Carers Together",
  "Climate Action Hubs",
  "Libraries Connected",
  "Mental Health Peer Network",
  "Social Enterprise Link",
  "Refugee Welcome Network",
  "Community Energy Group",
];

export const TOPICS = [
  "Starting a network",
  "Funding",
  "Evaluation",
  "Facilitation",
  "Digital tools",
  "Leadership",
  "Partnerships",
  "Equity and inclusion",
];

/** Webinar titles are "<subject>: <angle>", combined by index. */
export const SUBJECTS = [
  "Networks that last",
  "Sharing what works",
  "Measuring what matters",
  "Members who lead",
  "Money without strings",
  "Hosting online gatherings",
  "Working across borders",
  "From pilot to practice",
  "Listening at scale",
  "Power and participation",
];

export const ANGLES = [
  "lessons from five regions",
  "a practitioner's view",
  "what we got wrong",
  "tools and templates",
  "questions from the field",
  "the next ten years",
  "a live case study",
];

/** Festival-zone start times: early for Asia and Oceania, late for the Americas. */
export const SLOTS = [
  "07:00",
  "09:30",
  "11:00",
  "12:30",
  "14:00",
  "15:30",
  "17:00",
  "19:30",
  "21:00",
];

export const POST_TAGS = ["funding", "evaluation", "leadership", "tools", "stories", "practice"];
