import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this document, for the few inline
 * scripts Remix writes. The server provides it; in the browser it is empty
 * (browsers hide nonces from the DOM, and scripts added later are modules
 * from our own origin).
 */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
