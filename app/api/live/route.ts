import { withRole } from "@/lib/auth/server";
import { sessionEventStream } from "@/lib/http/session-stream";
import { getSnapshots } from "@/lib/collect";

export const dynamic = "force-dynamic";

const ROLE = "viewer";

/**
 * Server-Sent Events for open pages: "snapshot" with the generation and time of every refresh
 * a unit change on a node caused (see ChangeWatch). Pages then re-read what they show at once
 * instead of at their next interval; they keep polling either way. Ends with "end" when the
 * session does (lib/http/session-stream.ts).
 */
export const GET = withRole(ROLE, async (request, _context, session) => {
  const snapshots = await getSnapshots();
  return sessionEventStream(request, session, ROLE, (send) =>
    snapshots.subscribeLive((snapshot, nodes) =>
      send("snapshot", {
        generation: snapshot.generation,
        finishedAt: snapshot.finishedAt,
        nodes,
      }),
    ),
  );
});
