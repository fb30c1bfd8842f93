// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // ssh2 ships optional native bindings; keep it out of the server bundle.
  serverExternalPackages: ["ssh2"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
