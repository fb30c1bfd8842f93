// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // ssh2 ships optional native bindings; keep it out of the server bundle.
  serverExternalPackages: ["ssh2"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() answers a signed-in user without the role with a real 403 (app/forbidden.tsx).
  experimental: { authInterrupts: true },
};

module.exports = nextConfig;
