/**
 * The security headers of every response, pure: proxy.ts sets them (with a fresh nonce per
 * request for the Content-Security-Policy), next.config.js sets the static ones on what the
 * proxy does not see (Next's build output).
 */

/** Static headers for every response: no MIME sniffing, no referrer beyond us, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  // Our own pages may tell each other where a click came from; no other site learns our URLs
  // (they name nodes, routers, findings).
  "Referrer-Policy": "same-origin",
  // frame-ancestors 'none' for browsers that predate CSP level 2.
  "X-Frame-Options": "DENY",
};

/** A nonce for one response: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The Content-Security-Policy of one response. Next.js reads the nonce back from this header
 * on the request and puts it on every script it renders (its bootstrap and inline RSC
 * payload scripts, the page's chunks): with 'strict-dynamic', only those and what they load
 * run — no script in injected markup, inline, as an event handler or from anywhere.
 * Everything else is same-origin.
 *
 * - `style-src`: stylesheets from us (Tailwind's CSS, React Flow's), `<style>` elements only
 *   with the nonce — an injected `<style>` could read the page through attribute selectors
 *   and url()s.
 * - `style-src-attr 'none'`: no style attributes in markup. None of our pages needs one, not
 *   even the topology: React (our `style={…}`) and React Flow (every node's and edge's
 *   transform) set styles through the CSSOM in the browser, which CSP does not govern, and
 *   the server renders no style attribute (React Flow mounts after the layout, in an
 *   effect). A `style={…}` the server renders would be blocked: test/browser/csp.test.ts
 *   walks every page for a violation. So 'unsafe-inline' is in no style directive.
 * - In development (`next dev`) React needs eval for its error overlays and the dev server
 *   injects unmarked `<style>`s: 'unsafe-eval' and inline `<style>`s there only; a production
 *   build needs neither.
 * - No `upgrade-insecure-requests`: every URL we serve is relative, so the page's scheme
 *   applies anyway, and plain http on loopback or in a closed lab (OVNSCOPE_ALLOW_HTTP) must
 *   keep working. HSTS belongs to the TLS proxy.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'none'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
