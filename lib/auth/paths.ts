/** The only paths served without a session: the login page and its API. */
export const PUBLIC_PATHS: readonly string[] = ["/login", "/api/auth/login"];

/** Set by proxy.ts on every request it passes: the path and query asked for (login redirect). */
export const PATH_HEADER = "x-ovnscope-path";
