/** A webinar's places as a page shows them, with the viewer's own registration if any. */
export interface SeatView {
  /** null: no limit. */
  placesLeft: number | null;
  mine: "confirmed" | "waitlisted" | null;
  position: number | null;
}
