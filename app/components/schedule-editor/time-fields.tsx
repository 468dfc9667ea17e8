import { Field } from "~/components/field";

export interface TimeValues {
  startDate: string;
  startTime: string;
  duration: string;
}

/** The start as a date and a time in the festival's zone, and the length in minutes. */
export function TimeFields({
  values,
  errors,
  zoneName,
}: {
  values: TimeValues;
  errors: Record<string, string>;
  /** "London", the festival zone's city. */
  zoneName: string;
}) {
  return (
    <>
      <Field
        name="startDate"
        label={`Date (${zoneName} time)`}
        type="date"
        defaultValue={values.startDate}
        error={errors.startDate}
        required
      />
      <Field
        name="startTime"
        label={`Start time (${zoneName} time, 24-hour)`}
        type="time"
        defaultValue={values.startTime}
        error={errors.startTime}
        required
        hint={`In the festival's zone. On the night the clocks go forward, the missing hour cannot be chosen; on the night they go back, a repeated time means its first occurrence.`}
      />
      <Field
        name="duration"
        label="Length in minutes"
        inputMode="numeric"
        defaultValue={values.duration}
        error={errors.duration}
        required
      />
    </>
  );
}
