/**
 * The Creative Commons licences a resource can carry, with what a page needs
 * to show them: the name, the deed's address and the badge's short label.
 */
export const LICENCES = [
  "CC-BY-4.0",
  "CC-BY-SA-4.0",
  "CC-BY-NC-4.0",
  "CC-BY-NC-SA-4.0",
  "CC-BY-ND-4.0",
  "CC-BY-NC-ND-4.0",
  "CC0-1.0",
] as const;

export type Licence = (typeof LICENCES)[number];

export interface LicenceInfo {
  /** "Creative Commons Attribution 4.0 International" */
  name: string;
  /** "CC BY 4.0" */
  short: string;
  /** The licence deed. */
  url: string;
  /** What it allows, in one plain sentence. */
  summary: string;
}

const deed = (code: string) => `https://creativecommons.org/licenses/${code}/4.0/`;

export const LICENCE_INFO: Record<Licence, LicenceInfo> = {
  "CC-BY-4.0": {
    name: "Creative Commons Attribution 4.0 International",
    short: "CC BY 4.0",
    url: deed("by"),
    summary: "Share and adapt it for any purpose, crediting the festival.",
  },
  "CC-BY-SA-4.0": {
    name: "Creative Commons Attribution-ShareAlike 4.0 International",
    short: "CC BY-SA 4.0",
    url: deed("by-sa"),
    summary: "Share and adapt it, crediting the festival and sharing adaptations alike.",
  },
  "CC-BY-NC-4.0": {
    name: "Creative Commons Attribution-NonCommercial 4.0 International",
    short: "CC BY-NC 4.0",
    url: deed("by-nc"),
    summary: "Share and adapt it for non-commercial purposes, crediting the festival.",
  },
  "CC-BY-NC-SA-4.0": {
    name: "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
    short: "CC BY-NC-SA 4.0",
    url: deed("by-nc-sa"),
    summary: "Share and adapt it non-commercially, crediting the festival and sharing alike.",
  },
  "CC-BY-ND-4.0": {
    name: "Creative Commons Attribution-NoDerivatives 4.0 International",
    short: "CC BY-ND 4.0",
    url: deed("by-nd"),
    summary: "Share it unchanged for any purpose, crediting the festival.",
  },
  "CC-BY-NC-ND-4.0": {
    name: "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
    short: "CC BY-NC-ND 4.0",
    url: deed("by-nc-nd"),
    summary: "Share it unchanged for non-commercial purposes, crediting the festival.",
  },
  "CC0-1.0": {
    name: "CC0 1.0 Universal (public domain dedication)",
    short: "CC0 1.0",
    url: "https://creativecommons.org/publicdomain/zero/1.0/",
    summary: "No rights reserved: use it in any way, no credit required.",
  },
};

export function isLicence(value: unknown): value is Licence {
  return typeof value === "string" && (LICENCES as readonly string[]).includes(value);
}
