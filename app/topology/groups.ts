import "server-only";
import { expandedKeys, hostGroups } from "@/lib/views/topology";
import type { Snapshot } from "@/lib/model/snapshot";

/** `?expand=a,b` for this snapshot: the known group keys asked for, sorted. */
export function expandParam(snapshot: Snapshot, asked: string | null | undefined): string[] {
  return expandedKeys(asked, hostGroups(snapshot));
}
