import type { ReactNode } from "react";
import { Field } from "./field";
import { ZoneSelect } from "./zone-select";

export interface ProfileValues {
  name: string;
  organisation: string;
  networkRole: string;
  country: string;
  timeZone: string | null;
}

/**
 * The profile fields the festival form and the profile page share: what was
 * typed wins over what is saved, so a form sent back with errors loses nothing.
 */
export function ProfileFields({
  saved,
  typed,
  errors,
  zones,
  fallbackZone,
  afterOrganisation,
}: {
  saved: ProfileValues;
  typed: Record<string, string>;
  errors: Record<string, string>;
  zones: string[];
  fallbackZone: string;
  /** Fields that belong between organisation and role (the festival form's network). */
  afterOrganisation?: ReactNode;
}) {
  const value = (name: keyof ProfileValues, fallback: string) => typed[name] ?? fallback;
  return (
    <>
      <Field
        name="name"
        label="Your name"
        autoComplete="name"
        defaultValue={value("name", saved.name)}
        error={errors.name}
        maxLength={120}
        required
      />
      <Field
        name="organisation"
        label="Organisation (optional)"
        autoComplete="organization"
        defaultValue={value("organisation", saved.organisation)}
        error={errors.organisation}
        maxLength={200}
      />
      {afterOrganisation}
      <Field
        name="networkRole"
        label="Your role in the network (optional)"
        defaultValue={value("networkRole", saved.networkRole)}
        error={errors.networkRole}
        maxLength={120}
      />
      <Field
        name="country"
        label="Country (optional)"
        autoComplete="country-name"
        defaultValue={value("country", saved.country)}
        error={errors.country}
        maxLength={80}
      />
      <ZoneSelect
        zones={zones}
        defaultValue={value("timeZone", saved.timeZone ?? fallbackZone)}
        error={errors.timeZone}
      />
    </>
  );
}
