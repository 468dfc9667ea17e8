import { Field } from "~/components/field";
import { AbstractField } from "./abstract-field";
import { PeopleSlots } from "./fields";

export interface DetailsValues {
  title: string;
  slug: string;
  topic: string;
  abstract: string;
  capacity: string;
  joinUrl: string;
}

export interface Option {
  value: string;
  label: string;
}

/**
 * The webinar's words, address, seats, join link and people. What was typed
 * wins over what is saved, so a form sent back with errors loses nothing.
 */
export function DetailsFields({
  saved,
  typed,
  slots,
  errors,
  faculty,
  speakers,
  isNew,
  published,
  abstractPreview,
}: {
  saved: DetailsValues;
  typed: Record<string, string> | null;
  slots: { host: string[]; speaker: string[] };
  errors: Record<string, string>;
  faculty: Option[];
  speakers: Option[];
  isNew: boolean;
  published: boolean;
  abstractPreview?: string | null;
}) {
  const value = (name: keyof DetailsValues) => (typed ? (typed[name] ?? "") : saved[name]);
  return (
    <>
      <Field
        name="title"
        label="Title"
        defaultValue={value("title")}
        error={errors.title}
        maxLength={200}
        required
      />
      <Field
        name="slug"
        label="Address"
        defaultValue={value("slug")}
        error={errors.slug}
        maxLength={120}
        hint={
          <>
            The page will be /webinars/<em>address</em>: lowercase letters, digits and hyphens.
            {isNew ? " Leave it empty to make one from the title." : null}
            {published
              ? " This webinar is published: changing its address breaks links already sent in emails and calendars."
              : null}
          </>
        }
      />
      <Field
        name="topic"
        label="Topic (optional)"
        defaultValue={value("topic")}
        error={errors.topic}
        maxLength={100}
      />
      <AbstractField
        defaultValue={value("abstract")}
        error={errors.abstract}
        serverPreview={abstractPreview}
      />
      <Field
        name="capacity"
        label="Seats (optional)"
        inputMode="numeric"
        defaultValue={value("capacity")}
        error={errors.capacity}
        hint="Leave empty for no limit. Raising it gives the new seats to the waitlist at once; it cannot go below the seats already held."
      />
      <Field
        name="joinUrl"
        label="Join link (optional until the day)"
        type="url"
        defaultValue={value("joinUrl")}
        error={errors.joinUrl}
        maxLength={2000}
        hint="The video-call address, starting with https://. Only confirmed registrants see it, from 15 minutes before the start."
      />
      <PeopleSlots
        name="host"
        legend="Hosts (from the faculty), in the order shown"
        itemLabel="Host"
        slots={Math.max(3, slots.host.length + 1)}
        chosen={slots.host}
        options={faculty}
        error={errors.hosts}
      />
      <PeopleSlots
        name="speaker"
        legend="Guest speakers, in the order shown"
        itemLabel="Guest speaker"
        slots={Math.max(2, slots.speaker.length + 1)}
        chosen={slots.speaker}
        options={speakers}
        error={errors.speakers}
        hint={
          <>
            Add a new guest on the <a href="/admin/speakers">guest speakers</a> page first.
          </>
        }
      />
    </>
  );
}
