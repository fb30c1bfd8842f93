import { withRole } from "@/lib/auth/server";
import { eventStream } from "@/lib/http/event-stream";
import { getChangeWatch } from "@/lib/collect";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events for open pages: "snapshot" with the generation and time of every refresh
 * a unit change on a node caused (see ChangeWatch). Pages then re-read what they show at once
 * instead of at their next interval; they keep polling either way.
 */
export const GET = withRole("viewer", async (request) =>
  eventStream(request, (send) =>
    getChangeWatch().subscribe((snapshot, nodes) =>
      send("snapshot", {
        generation: snapshot.generation,
        finishedAt: snapshot.finishedAt,
        nodes,
      }),
    ),
  ),
);
