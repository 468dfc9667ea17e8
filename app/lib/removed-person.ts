/**
 * Addresses given to rows whose person was removed (an anonymised
 * registrant, an unlinked vote). RFC 2606 reserves .invalid: nothing is
 * ever delivered there, and no real sign-up can use it.
 */
export const REMOVED_DOMAIN = "removed.invalid";

/** A LIKE pattern matching every such placeholder. */
export const REMOVED_EMAIL_PATTERN = `%@${REMOVED_DOMAIN}`;
