import { Link } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import type { PersonView } from "~/lib/webinar-view";

/** A person with photo, name, role and place; faculty link to their profile. */
export function PersonCard({ person, bioHtml }: { person: PersonView; bioHtml?: string }) {
  const role = [person.title, person.kind === "speaker" ? person.organisation : ""]
    .filter(Boolean)
    .join(", ");
  return (
    <div className="person-card">
      <Avatar name={person.name} photoUrl={person.photoUrl} size={56} />
      <div>
        <p className="person-card__name">
          {person.kind === "faculty" ? (
            <Link to={`/faculty/${person.slug}`}>{person.name}</Link>
          ) : (
            person.name
          )}
          {person.isChair ? <span className="badge badge--chair">Chair</span> : null}
        </p>
        {role ? <p className="person-card__role">{role}</p> : null}
        {person.location ? <p className="person-card__place">{person.location}</p> : null}
        {bioHtml ? (
          <div className="prose person-card__bio" dangerouslySetInnerHTML={{ __html: bioHtml }} />
        ) : null}
      </div>
    </div>
  );
}
