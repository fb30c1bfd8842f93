/**
 * The views of a whole snapshot that pages poll, by API path: what each one's key (its
 * serve-once cache entry, snapshot-response.ts) and body are. Their routes (app/api/…) and the
 * fast reads in front of Next (fast-reads.ts) both serve them from here, so the two cannot
 * answer differently.
 */
import { expandParam } from "@/app/topology/groups";
import type { Snapshot } from "@/lib/model/snapshot";
import { clustersModel } from "@/lib/views/clusters";
import { overviewModel } from "@/lib/views/overview";
import { routersModel } from "@/lib/views/routers";
import { topologyModel } from "@/lib/views/topology";
import { withLayout } from "@/lib/views/topology-layout";

export interface ViewSpec {
  key: string;
  build: (snapshot: Snapshot) => unknown;
}

type ViewOf = (snapshot: Snapshot, query: URLSearchParams) => ViewSpec;

/**
 * On a large cloud the topology's compute hosts are grouped; `?expand=a,b` draws those groups'
 * hosts on their own. Unknown or malformed keys are ignored, so they share the plain view's key.
 */
function topologyView(snapshot: Snapshot, query: URLSearchParams): ViewSpec {
  const expand = expandParam(snapshot, query.get("expand"));
  return {
    key: expand.length ? `topology?expand=${expand.join(",")}` : "topology",
    build: (s) => withLayout(topologyModel(s, { expand })),
  };
}

export const SNAPSHOT_VIEWS = {
  /** The whole typed Snapshot (lib/model/snapshot.ts). */
  "/api/snapshot": () => ({ key: "snapshot", build: (s) => s }),
  /** Per node its services' health, and the routers. */
  "/api/overview": () => ({ key: "overview", build: overviewModel }),
  /** Nodes, services, routers, physical networks and their edges, with health and findings. */
  "/api/topology": topologyView,
  /** Every router's gateway chain. */
  "/api/routers": () => ({ key: "routers", build: routersModel }),
  /** NB's and SB's clusters: their members side by side and their elections. */
  "/api/clusters": () => ({ key: "clusters", build: clustersModel }),
} satisfies Record<string, ViewOf>;

export type SnapshotViewPath = keyof typeof SNAPSHOT_VIEWS;

export function isSnapshotViewPath(path: string): path is SnapshotViewPath {
  return Object.hasOwn(SNAPSHOT_VIEWS, path);
}

/** The view a request for `path` (with its query) asks of this snapshot. */
export function viewOf(path: SnapshotViewPath, snapshot: Snapshot, query: URLSearchParams) {
  return (SNAPSHOT_VIEWS[path] as ViewOf)(snapshot, query);
}
