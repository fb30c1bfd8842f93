/**
 * Whether a request's Accept-Encoding takes a gzipped body (RFC 9110 §12.5.3): `gzip` (or its
 * old alias `x-gzip`) with a weight above zero, or, when gzip is not named, `*` above zero.
 * No header means any coding is acceptable, but a client that sends none is usually a tool
 * reading raw bytes: it gets the body as is, as Next's own compression does.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let named: number | undefined;
  let any: number | undefined;
  for (const part of header.split(",")) {
    const [coding, ...params] = part.split(";").map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight)) continue;
    if (coding === "gzip" || coding === "x-gzip") named = Math.max(named ?? 0, weight);
    else if (coding === "*") any = weight;
  }
  return (named ?? any ?? 0) > 0;
}
