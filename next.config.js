// @ts-check

/**
 * What the proxy (proxy.ts) does not see — Next's build output, the favicon — still gets the
 * static security headers (lib/http/security-headers.ts SECURITY_HEADERS: keep them alike;
 * this file is plain JavaScript and cannot import it). The Content-Security-Policy, with its
 * per-request nonce, comes from the proxy.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // ssh2 ships optional native bindings; keep it out of the server bundle.
  serverExternalPackages: ["ssh2"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() answers a signed-in user without the role with a real 403 (app/forbidden.tsx).
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

module.exports = nextConfig;
