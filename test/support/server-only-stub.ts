// Vitest runs server modules outside Next's bundler; "server-only" guards only bundles.
export {};
