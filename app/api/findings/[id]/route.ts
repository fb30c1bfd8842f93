import { withRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { snapshotView } from "@/lib/http/snapshot-response";
import { FINDING_ID, findingModel } from "@/lib/views/finding";

export const dynamic = "force-dynamic";

/** One finding with its evidence and symptoms. */
export const GET = withRole<{ params: Promise<{ id: string }> }>(
  "viewer",
  async (request, { params }) => {
    const id = decodeURIComponent((await params).id);
    if (!FINDING_ID.test(id)) return Response.json({ error: "not a finding id" }, { status: 400 });
    // A finding that went away is an answer (finding: null), not an error: the page says so.
    return snapshotView(request, await currentSnapshot(), `finding:${id}`, (s) =>
      findingModel(s, id),
    );
  },
);
