import { NewTabLink } from "./new-tab-link";

/**
 * An entry's video as judges and organisers see it, before it is public:
 * an upload plays here with its captions on (the media routes check who
 * may watch); a linked video is a link to its hosting site.
 */
export interface EntryMediaView {
  id: string;
  networkName: string;
  uploaded: boolean;
  hasCaptions: boolean;
  /** A linked video's address (http or https only), when it is not an upload. */
  videoUrl: string | null;
}

export function EntryMedia({ media }: { media: EntryMediaView }) {
  const base = `/network90/entries/${media.id}`;
  if (media.uploaded) {
    return (
      <figure className="stack">
        {/* The track is there whenever the entry has captions; judges must still be able to
            watch one that has none yet (it cannot be shortlisted until it does). */}
        {/* eslint-disable-next-line jsx-a11y/media-has-caption */}
        <video
          controls
          preload="metadata"
          src={`${base}/video`}
          style={{ display: "block", width: "100%", maxWidth: "48rem", background: "#000" }}
          aria-label={`${media.networkName}'s video`}
        >
          {media.hasCaptions ? (
            <track
              kind="captions"
              srcLang="en"
              label="English"
              default
              src={`${base}/captions.vtt`}
            />
          ) : null}
        </video>
        <figcaption className="muted">
          {media.hasCaptions
            ? "Captions are on; the player's menu turns them off."
            : "No captions yet: this entry cannot be shortlisted until it has them."}
        </figcaption>
      </figure>
    );
  }
  if (media.videoUrl) {
    return (
      <p>
        The video is on a hosting site:{" "}
        <NewTabLink href={media.videoUrl}>watch {media.networkName}&rsquo;s video</NewTabLink>.
        {media.hasCaptions ? null : (
          <>
            {" "}
            <span className="muted">No captions file yet.</span>
          </>
        )}
      </p>
    );
  }
  return <p className="muted">No video yet.</p>;
}
