import { Avatar } from "~/components/avatar";
import { Checkbox, Field } from "~/components/field";
import { TextAreaField } from "~/components/field";

export interface SpeakerValues {
  name: string;
  organisation: string;
  location: string;
  bio: string;
  photoUrl: string | null;
}

/** A guest speaker's fields; the form must be multipart for the photo. */
export function SpeakerFields({
  saved,
  typed,
  errors,
}: {
  saved: SpeakerValues;
  typed: Record<string, string> | null;
  errors: Record<string, string>;
}) {
  const value = (name: "name" | "organisation" | "location" | "bio") =>
    typed ? (typed[name] ?? "") : saved[name];
  return (
    <>
      <Field
        name="name"
        label="Name"
        defaultValue={value("name")}
        error={errors.name}
        maxLength={200}
        required
      />
      <Field
        name="organisation"
        label="Organisation (optional)"
        defaultValue={value("organisation")}
        error={errors.organisation}
        maxLength={200}
      />
      <Field
        name="location"
        label="Country or location (optional)"
        defaultValue={value("location")}
        error={errors.location}
        maxLength={200}
        hint="As the webinar page shows it, e.g. Melbourne, Australia."
      />
      <TextAreaField
        name="bio"
        label="Short bio (optional)"
        rows={5}
        maxLength={5000}
        defaultValue={value("bio")}
        error={errors.bio}
        hint="Markdown is allowed."
      />
      {saved.photoUrl ? (
        <div className="speaker-photo">
          <Avatar name={saved.name} photoUrl={saved.photoUrl} size={72} />
          <Checkbox name="removePhoto" label="Remove the current photo" />
        </div>
      ) : null}
      <Field
        name="photo"
        label={saved.photoUrl ? "Replace the photo (optional)" : "Photo (optional)"}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        error={errors.photo}
        hint="A PNG, JPEG or WebP image of at most 2 MB; square works best."
      />
    </>
  );
}
