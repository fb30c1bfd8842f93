/** The header that carries the CSRF token (shared with the browser; no node: imports here). */
export const CSRF_HEADER = "x-ovnscope-csrf";
