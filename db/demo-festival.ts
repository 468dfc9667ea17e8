/**
 * The demo festival's content: a believable week modelled on Networkfest.
 * Plain data, so the seed, the tests and the benchmarks share one picture.
 */

export interface DemoPerson {
  slug: string;
  name: string;
  email: string;
  title: string;
  organisation: string;
  location: string;
  bio: string;
  isChair?: boolean;
}

export interface DemoWebinar {
  slug: string;
  title: string;
  topic: string;
  /** Day of the festival week, 0 = Monday. */
  day: number;
  /** Wall-clock start in the festival's zone. */
  time: string;
  hosts: string[];
  speakers: string[];
  capacity: number | null;
  abstract: string;
}

export const demoFestival = {
  slug: "networkfest-demo",
  name: "Networkfest",
  tagline: "A week of conversations with the people who lead networks",
  description:
    "Five days of 30-minute webinars with network leaders from across the world, a daily blog from our faculty, the Network90 video competition and a library of open resources. Free, online, and in your time zone.",
  timeZone: "Europe/London",
  contactEmail: "hello@networkfest.example.org",
};

export const demoFaculty: DemoPerson[] = [
  {
    slug: "amara-okafor",
    name: "Amara Okafor",
    email: "amara.okafor@faculty.example.org",
    title: "Chair of the faculty; Director, Network Practice Lab",
    organisation: "Network Practice Lab",
    location: "Manchester, UK",
    bio: "Amara has spent fifteen years building clinical and community networks across the North of England. She chairs the Networkfest faculty and writes about **purpose** and shared leadership.",
    isChair: true,
  },
  {
    slug: "daniel-reyes",
    name: "Daniel Reyes",
    email: "daniel.reyes@faculty.example.org",
    title: "Programme Lead, Ohio Community Health Network",
    organisation: "Ohio Community Health Network",
    location: "Columbus, Ohio, USA",
    bio: "Daniel coordinates a statewide network of 120 community health organisations and is known for making **measuring value** practical rather than painful.",
  },
  {
    slug: "grace-liu",
    name: "Grace Liu",
    email: "grace.liu@faculty.example.org",
    title: "Associate Professor of Collaborative Governance",
    organisation: "University of Melbourne",
    location: "Melbourne, Australia",
    bio: "Grace researches how networks make decisions without hierarchy, and advises regional health networks in Victoria.",
  },
  {
    slug: "owen-price",
    name: "Owen Price",
    email: "owen.price@faculty.example.org",
    title: "Network Manager",
    organisation: "Wales Learning Network",
    location: "Cardiff, Wales",
    bio: "Owen runs meetings people want to come to. He hosts the week's session on running meetings and keeps a famous collection of icebreakers.",
  },
  {
    slug: "fiona-mackenzie",
    name: "Fiona MacKenzie",
    email: "fiona.mackenzie@faculty.example.org",
    title: "Head of Engagement",
    organisation: "Scottish Improvement Network",
    location: "Glasgow, Scotland",
    bio: "Fiona designs engagement programmes that reach beyond the usual suspects, with a focus on lived experience.",
  },
  {
    slug: "samir-haddad",
    name: "Samir Haddad",
    email: "samir.haddad@faculty.example.org",
    title: "Digital Lead",
    organisation: "Networks for Change",
    location: "Birmingham, UK",
    bio: "Samir helps networks choose and use digital tools without losing the human part of networking.",
  },
];

export const demoSpeakers: DemoPerson[] = [
  {
    slug: "megan-oconnell",
    name: "Megan O'Connell",
    email: "",
    title: "",
    organisation: "Cleveland Neighbourhood Network",
    location: "Cleveland, Ohio, USA",
    bio: "Megan leads a network of 40 neighbourhood groups and has grown its membership fourfold in three years.",
  },
  {
    slug: "tom-whitfield",
    name: "Tom Whitfield",
    email: "",
    title: "",
    organisation: "Victorian Rural Health Alliance",
    location: "Melbourne, Australia",
    bio: "Tom connects rural clinicians across Victoria through a network that meets almost entirely online.",
  },
  {
    slug: "priya-shah",
    name: "Priya Shah",
    email: "",
    title: "",
    organisation: "London Patient Voices",
    location: "London, UK",
    bio: "Priya co-founded a patient network that now advises six hospital trusts.",
  },
];

export const demoWebinars: DemoWebinar[] = [
  {
    slug: "why-networks-matter",
    title: "Why networks matter: purpose before structure",
    topic: "Purpose",
    day: 0,
    time: "12:30",
    hosts: ["amara-okafor"],
    speakers: ["priya-shah"],
    capacity: 500,
    abstract:
      "The festival opens with the question every network must answer first: **what are we for?**\n\nAmara Okafor and Priya Shah talk about writing a purpose that members recognise, and about the structures that follow from it.\n\n- How to test a purpose statement with members\n- When structure helps, and when it gets in the way",
  },
  {
    slug: "engagement-beyond-the-usual-suspects",
    title: "Engagement beyond the usual suspects",
    topic: "Engagement",
    day: 1,
    time: "12:30",
    hosts: ["fiona-mackenzie"],
    speakers: ["priya-shah"],
    capacity: 500,
    abstract:
      "Most networks hear from the same twenty people. Fiona MacKenzie shares what worked in Scotland to reach members who never come to meetings.",
  },
  {
    slug: "growing-a-network-across-ohio",
    title: "Growing a network across a state: lessons from Ohio",
    topic: "Engagement",
    day: 1,
    time: "19:00",
    hosts: ["daniel-reyes"],
    speakers: ["megan-oconnell"],
    capacity: 300,
    abstract:
      "An evening session timed for the Americas. Daniel Reyes and Megan O'Connell describe how a neighbourhood network grew fourfold, and what they would do differently.",
  },
  {
    slug: "deciding-without-hierarchy",
    title: "Deciding without hierarchy",
    topic: "Governance",
    day: 2,
    time: "08:00",
    hosts: ["grace-liu"],
    speakers: ["tom-whitfield"],
    capacity: 300,
    abstract:
      "An early session timed for Australia and Asia (evening in Melbourne). Grace Liu and Tom Whitfield on consent-based decisions in networks that nobody owns.",
  },
  {
    slug: "measuring-the-value-of-your-network",
    title: "Measuring the value of your network",
    topic: "Measuring value",
    day: 2,
    time: "12:30",
    hosts: ["daniel-reyes", "amara-okafor"],
    speakers: [],
    capacity: 500,
    abstract:
      "Funders ask what a network is worth. Daniel Reyes and Amara Okafor walk through a value framework you can fill in during the session.\n\n| Value | Example measure |\n|---|---|\n| Connections | new working relationships |\n| Learning | practices adopted |\n| Influence | policies shaped |",
  },
  {
    slug: "running-meetings-people-want-to-attend",
    title: "Running meetings people want to attend",
    topic: "Running meetings",
    day: 3,
    time: "12:30",
    hosts: ["owen-price"],
    speakers: [],
    capacity: 500,
    abstract:
      "Owen Price on agendas, online etiquette and the art of the ten-minute check-in. Bring your worst meeting story.",
  },
  {
    slug: "digital-tools-human-networks",
    title: "Digital tools for human networks",
    topic: "Digital",
    day: 4,
    time: "12:30",
    hosts: ["samir-haddad", "grace-liu"],
    speakers: ["tom-whitfield"],
    capacity: null,
    abstract:
      "Samir Haddad and Grace Liu close the week with the tools that help networks stay connected between meetings, and the ones that get in the way.",
  },
];

export const demoOrganiser = {
  email: "organiser@networkfest.example.org",
  name: "Festival Organiser",
};

export interface DemoPost {
  slug: string;
  title: string;
  summary: string;
  authors: string[];
  tags: string[];
  webinars: string[];
  /**
   * When it appears: days relative to the seed for posts already out
   * (negative), or a festival day (0 = Monday) at 07:00 festival time for
   * the daily posts, which the demo shows as scheduled until their morning.
   */
  when: { daysBeforeSeed: number } | { festivalDay: number };
  body: string;
}

export const demoPosts: DemoPost[] = [
  {
    slug: "welcome-to-networkfest",
    title: "Welcome to Networkfest",
    summary: "What the week holds, and how to get the most from half an hour a day.",
    authors: ["amara-okafor"],
    tags: ["welcome", "networks"],
    webinars: ["why-networks-matter"],
    when: { daysBeforeSeed: 3 },
    body: `Networks are how most change actually happens: not through one organisation, but through people who choose to work together.

## What the week holds

- **A webinar every day**, thirty minutes, with people who lead networks.
- **A post every morning** from the faculty.
- **Network90**: ninety seconds of video about your network.

## How to get the most from it

Pick two webinars, block the time in your calendar, and bring one question. The recordings follow, but the conversation happens live.

> The best networks are built one honest conversation at a time.

See you on Monday.`,
  },
  {
    slug: "what-makes-a-network-last",
    title: "What makes a network last",
    summary: "Five habits of networks that are still going strong after ten years.",
    authors: ["daniel-reyes", "grace-liu"],
    tags: ["sustainability", "networks"],
    webinars: ["growing-a-network-across-ohio", "measuring-the-value-of-your-network"],
    when: { daysBeforeSeed: 1 },
    body: `We looked at networks in Ohio and in Scotland that have lasted more than a decade. They share a few habits.

## 1. Purpose before structure

They agreed *why* before they agreed *how*.

## 2. Shared leadership

| Habit | What it looks like |
|---|---|
| Rotating chairs | A different member runs each meeting |
| Open agendas | Anyone can add an item |

## 3. Small, regular wins

Read more in the [network sustainability guide](https://example.org/guide).`,
  },
  ...[
    ["monday-starting-with-why", "Monday: starting with why", "amara-okafor", "purpose"],
    [
      "tuesday-beyond-the-usual-suspects",
      "Tuesday: beyond the usual suspects",
      "grace-liu",
      "engagement",
    ],
    ["wednesday-deciding-together", "Wednesday: deciding together", "owen-price", "governance"],
    [
      "thursday-counting-what-counts",
      "Thursday: counting what counts",
      "fiona-mackenzie",
      "evaluation",
    ],
    [
      "friday-tools-that-serve-people",
      "Friday: tools that serve people",
      "samir-haddad",
      "digital",
    ],
  ].map(([slug, title, author, tag], day): DemoPost => ({
    slug: slug!,
    title: title!,
    summary: `The faculty's thoughts for day ${day + 1} of the festival.`,
    authors: [author!],
    tags: [tag!],
    webinars: [],
    when: { festivalDay: day },
    body: `Good morning. Today's theme is **${tag}**.\n\n## Three questions to bring\n\n1. What is working?\n2. What is stuck?\n3. Who is missing?\n\nSee you at today's webinar.`,
  })),
];

/** Network90's demo timeline, on the festival week (0 = Monday), in festival time. */
export const demoCompetition = {
  name: "Network90",
  entriesClose: { day: 0, time: "12:00" },
  votingOpens: { day: 2, time: "09:00" },
  votingCloses: { day: 4, time: "17:00" },
};

export interface DemoEntry {
  email: string;
  contactName: string;
  networkName: string;
  region: string;
  description: string;
  status: "submitted" | "shortlisted";
  videoUrl: string;
  captions: string;
}

const vtt = (line: string) => `WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n${line}\n`;

export const demoEntries: DemoEntry[] = [
  {
    email: "entrant.riverside@networks.example.org",
    contactName: "Rae Rivers",
    networkName: "Riverside Community Network",
    region: "Yorkshire and the Humber",
    description:
      "Forty community groups along the River Aire who share volunteers, vans and ideas. Our film follows one volunteer's week.",
    status: "shortlisted",
    videoUrl: "https://video.example.org/network90/riverside",
    captions: vtt("Forty groups, one river."),
  },
  {
    email: "entrant.valleys@networks.example.org",
    contactName: "Dafydd Evans",
    networkName: "Valleys Youth Network",
    region: "Wales",
    description:
      "Young people from six valleys who run their own youth forum. The film is made by them, about them.",
    status: "shortlisted",
    videoUrl: "https://video.example.org/network90/valleys",
    captions: vtt("We started with a bus and a question."),
  },
  {
    email: "entrant.highland@networks.example.org",
    contactName: "Morag Ross",
    networkName: "Highland Care Circle",
    region: "Scotland",
    description:
      "Carers across the Highlands who meet online every week: ninety seconds on how a network keeps people going.",
    status: "shortlisted",
    videoUrl: "https://video.example.org/network90/highland",
    captions: vtt("Nobody cares alone here."),
  },
  {
    email: "entrant.belfast@networks.example.org",
    contactName: "Siobhan Kelly",
    networkName: "Belfast Food Network",
    region: "Northern Ireland",
    description: "Growers, cooks and food banks sharing what they have, so nothing goes to waste.",
    status: "submitted",
    videoUrl: "https://video.example.org/network90/belfast",
    captions: vtt("Every crate has a story."),
  },
];

export interface DemoResource {
  slug: string;
  title: string;
  description: string;
  url: string;
  licence: "CC-BY-4.0" | "CC-BY-SA-4.0" | "CC-BY-NC-4.0" | "CC0-1.0";
  tags: string[];
  /** Released this many days before the seed, or on a festival day at 09:00 festival time. */
  release: { daysBeforeSeed: number } | { festivalDay: number };
}

export const demoResources: DemoResource[] = [
  {
    slug: "networkfest-guide",
    title: "The Networkfest guide to the week",
    description: "How the week works, how to join the webinars and how to get the most from them.",
    url: "https://example.org/networkfest/guide",
    licence: "CC-BY-4.0",
    tags: ["getting started"],
    release: { daysBeforeSeed: 2 },
  },
  {
    slug: "network-health-check",
    title: "Network health check",
    description:
      "Twenty questions a network can ask itself once a year, with **a scoring sheet** and notes for the facilitator.",
    url: "https://example.org/networkfest/health-check",
    licence: "CC-BY-SA-4.0",
    tags: ["evaluation", "toolkit"],
    release: { festivalDay: 0 },
  },
  {
    slug: "shared-leadership-cards",
    title: "Shared leadership cards",
    description: "A deck of prompts for meetings where everyone leads a little.",
    url: "https://example.org/networkfest/leadership-cards",
    licence: "CC-BY-NC-4.0",
    tags: ["governance", "toolkit"],
    release: { festivalDay: 2 },
  },
  {
    slug: "measuring-network-value",
    title: "Measuring what your network is worth",
    description: "A method for counting the value a network creates, with worked examples.",
    url: "https://example.org/networkfest/value",
    licence: "CC0-1.0",
    tags: ["evaluation"],
    release: { festivalDay: 4 },
  },
];
