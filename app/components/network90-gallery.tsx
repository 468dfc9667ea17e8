import { Link } from "@remix-run/react";

/**
 * Network90's gallery: a card per public entry (a link to its page, never an
 * inline video: a grid of players would load every video's metadata) and
 * the region filter.
 */

export interface CardView {
  id: string;
  networkName: string;
  region: string;
  excerpt: string;
  linked: boolean;
}

export function regionHref(region: string | null): string {
  return region
    ? `/network90?${new URLSearchParams({ region }).toString()}#gallery`
    : "/network90#gallery";
}

export function RegionFilter({
  regions,
  current,
  total,
}: {
  regions: { region: string; count: number }[];
  current: string | null;
  total: number;
}) {
  if (regions.length < 2) return null;
  return (
    <nav className="n90-regions" aria-label="Filter entries by region">
      <ul className="inline-list">
        <li>
          <Link to={regionHref(null)} aria-current={current === null ? "page" : undefined}>
            All regions <span className="muted">({total})</span>
          </Link>
        </li>
        {regions.map(({ region, count }) => (
          <li key={region}>
            <Link to={regionHref(region)} aria-current={current === region ? "page" : undefined}>
              {region} <span className="muted">({count})</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function EntryCards({ cards }: { cards: CardView[] }) {
  return (
    <ul className="n90-cards">
      {cards.map((card) => (
        <li key={card.id} className="n90-card">
          <article aria-labelledby={`entry-${card.id}`}>
            <h3 id={`entry-${card.id}`} className="n90-card__name">
              <Link to={`/network90/entries/${card.id}`}>{card.networkName}</Link>
            </h3>
            <p className="n90-card__region">{card.region}</p>
            {card.excerpt ? <p className="n90-card__excerpt">{card.excerpt}</p> : null}
            <p className="n90-card__note muted">
              {card.linked ? "Video on a hosting site, captioned" : "Video with captions"}
            </p>
          </article>
        </li>
      ))}
    </ul>
  );
}
