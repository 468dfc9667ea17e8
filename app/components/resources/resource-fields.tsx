import { Field, SelectField, TextAreaField } from "~/components/field";
import { ACCEPTED_DOCUMENTS, formatBytes, MAX_RESOURCE_BYTES } from "~/lib/document-types";
import { LICENCE_INFO, LICENCES } from "~/lib/licences";

export interface ResourceFormValues {
  title: string;
  slug: string;
  description: string;
  licence: string;
  releaseDate: string;
  releaseTime: string;
  tags: string;
  kind: "file" | "link";
  url: string;
}

export interface CurrentFile {
  name: string;
  label: string;
  size: string;
}

const LICENCE_OPTIONS = LICENCES.map((code) => ({
  value: code,
  label: `${LICENCE_INFO[code].short}: ${LICENCE_INFO[code].summary}`,
}));

const ACCEPT = ".pdf,.docx,.pptx,.xlsx,.odt,.odp,.ods";

/**
 * A resource's fields; the form must be multipart for the file. After a
 * refusal the typed values come back (a browser never keeps a chosen file,
 * so the file field says so when it has to be chosen again).
 */
export function ResourceFields({
  saved,
  typed,
  errors,
  zoneName,
  currentFile,
}: {
  saved: ResourceFormValues;
  typed: Record<string, string> | null;
  errors: Record<string, string>;
  /** "London": the festival zone's city, in which release times are entered. */
  zoneName: string;
  currentFile: CurrentFile | null;
}) {
  const value = (name: keyof ResourceFormValues) => (typed ? (typed[name] ?? "") : saved[name]);
  const kind = value("kind") === "link" ? "link" : "file";
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
        label="Address (optional)"
        defaultValue={value("slug")}
        error={errors.slug}
        maxLength={120}
        hint="The page will be /resources/<address>. Leave it empty to make one from the title."
      />
      <TextAreaField
        name="description"
        label="Description"
        rows={8}
        maxLength={20_000}
        defaultValue={value("description")}
        error={errors.description}
        hint="Markdown is allowed: what it is, who it is for, how to use it."
      />
      <fieldset className="field resource-kind">
        <legend>The resource is</legend>
        <p>
          <input
            type="radio"
            id="field-kind-file"
            name="kind"
            value="file"
            defaultChecked={kind === "file"}
          />{" "}
          <label htmlFor="field-kind-file">A file people download</label>
        </p>
        <p>
          <input
            type="radio"
            id="field-kind-link"
            name="kind"
            value="link"
            defaultChecked={kind === "link"}
          />{" "}
          <label htmlFor="field-kind-link">A link to another site</label>
        </p>
        {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
      </fieldset>
      {currentFile ? (
        <p className="resource-current-file">
          Current file: <strong>{currentFile.name}</strong> ({currentFile.label}, {currentFile.size}
          ). Choosing a new file replaces it; choosing a link removes it.
        </p>
      ) : null}
      <Field
        name="file"
        label={currentFile ? "Replace the file (optional)" : "File"}
        type="file"
        accept={ACCEPT}
        error={errors.file}
        hint={`${ACCEPTED_DOCUMENTS[0]!.toUpperCase()}${ACCEPTED_DOCUMENTS.slice(1)}, at most ${formatBytes(MAX_RESOURCE_BYTES)}. It is checked by its content, not its name, and offered for download under its own name.`}
      />
      <Field
        name="url"
        label="Link"
        type="url"
        defaultValue={value("url")}
        error={errors.url}
        maxLength={2000}
        hint="For a link: the full address, starting with https://."
      />
      <SelectField
        name="licence"
        label="Licence"
        defaultValue={value("licence")}
        error={errors.licence}
        options={LICENCE_OPTIONS}
        hint="Creative Commons: the page shows its badge, links its deed and says what it allows."
      />
      <Field
        name="releaseDate"
        label={`Release date (${zoneName} time)`}
        type="date"
        defaultValue={value("releaseDate")}
        error={errors.releaseDate}
        required
      />
      <Field
        name="releaseTime"
        label={`Release time (${zoneName} time, 24-hour)`}
        type="time"
        defaultValue={value("releaseTime")}
        error={errors.releaseTime}
        required
        hint="The resource appears on the site at this moment, not before. A time the clocks skip cannot be chosen."
      />
      <Field
        name="tags"
        label="Tags (optional)"
        defaultValue={value("tags")}
        error={errors.tags}
        maxLength={400}
        hint="Separate with commas, e.g. facilitation, evaluation. At most 8."
      />
    </>
  );
}
