import { notFound, redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/server";
import { currentSnapshot } from "@/lib/collect";
import { chainLinkAnchor } from "@/components/routers/anchors";
import { gatewayPortTarget, PORT_REF } from "@/lib/views/routers";

export const dynamic = "force-dynamic";

/**
 * A pasteable link to a router gateway port (/ports/<neutron port id>, /ports/lrp-<id>,
 * /ports/cr-lrp-<id>): opens its router's drill-down at the link it names.
 */
export default async function GatewayPortPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("viewer");
  const ref = decodeURIComponent((await params).id);
  if (!PORT_REF.test(ref)) notFound();
  const target = gatewayPortTarget(await currentSnapshot(), ref);
  if (!target) notFound();
  redirect(`/routers/${target.routerId}#${chainLinkAnchor(target.link)}`);
}
