import { parseAuditFilter } from "@/lib/audit/filter";
import { withRole } from "@/lib/auth/server";
import { getStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Audit entries, newest first, filtered by actor, event (name or dotted prefix) and time
 * (from/to, ISO; without a zone read as UTC). `format=json` makes it a download.
 */
export const GET = withRole("operator", async (request) => {
  const params = new URL(request.url).searchParams;
  const filter = parseAuditFilter(params);
  const entries = (await (await getStore()).audit.query(filter)).map((e) => ({
    ...e,
    time: new Date(e.at).toISOString(),
  }));
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (params.get("format") === "json")
    headers["Content-Disposition"] =
      `attachment; filename="ovnscope-audit-${new Date().toISOString().replace(/[:.]/g, "-")}.json"`;
  return Response.json({ exportedAt: new Date().toISOString(), filter, entries }, { headers });
});
