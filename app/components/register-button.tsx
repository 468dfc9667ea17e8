import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import type { SeatView } from "~/lib/seat-view";

/**
 * The one-click Register button, or what the viewer already has: a seat
 * (with Join and Cancel) or a waitlist place. Works without JavaScript.
 */
export function RegisterButton({
  slug,
  title,
  state,
  seat,
  detailed = false,
}: {
  slug: string;
  title: string;
  state: "past" | "live" | "upcoming" | "cancelled";
  seat: SeatView;
  detailed?: boolean;
}) {
  const location = useLocation();
  const navigation = useNavigation();
  const action = `/webinars/${slug}/register`;
  const busy = navigation.state !== "idle" && navigation.formAction === action;
  const params = new URLSearchParams(location.search);
  params.delete("registration");
  const back = `${location.pathname}${params.size ? `?${params.toString()}` : ""}`;
  if (state === "past" || state === "cancelled") return null;

  const hidden = (intent: "register" | "cancel") => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="redirectTo" value={back} />
    </>
  );

  if (seat.mine === "confirmed") {
    return (
      <div className="register">
        <p className="register__status">
          <span aria-hidden="true">✓ </span>You are registered
        </p>
        {state === "live" || detailed ? (
          <Link className="button button--primary" to={`/webinars/${slug}/join`}>
            Join{state === "live" ? " now" : ""}
            <span className="visually-hidden"> {title}</span>
          </Link>
        ) : null}
        {detailed ? (
          <Form method="post" action={action} className="inline-form">
            {hidden("cancel")}
            <button type="submit" className="secondary" disabled={busy}>
              Cancel my place
            </button>
          </Form>
        ) : null}
      </div>
    );
  }
  if (seat.mine === "waitlisted") {
    return (
      <div className="register">
        <p className="register__status">
          On the waitlist{seat.position ? ` (number ${seat.position})` : ""}
        </p>
        {detailed ? (
          <Form method="post" action={action} className="inline-form">
            {hidden("cancel")}
            <button type="submit" className="secondary" disabled={busy}>
              Leave the waitlist
            </button>
          </Form>
        ) : null}
      </div>
    );
  }
  const full = seat.placesLeft === 0;
  return (
    <div className="register">
      <Form method="post" action={action} className="inline-form">
        {hidden("register")}
        <button type="submit" disabled={busy}>
          {full ? "Join the waitlist" : "Register"}
          <span className="visually-hidden"> for {title}</span>
        </button>
      </Form>
      {seat.placesLeft !== null ? (
        <span className="register__places">
          {full
            ? "Full: places that free up go to the waitlist in order"
            : `${seat.placesLeft} ${seat.placesLeft === 1 ? "place" : "places"} left`}
        </span>
      ) : null}
    </div>
  );
}
