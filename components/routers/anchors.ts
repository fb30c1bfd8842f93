import type { LinkId } from "@/lib/facts/gateway-chain";

/** The anchor of one link on its router's page: /routers/<id>#link-bridge-mapping. */
export const chainLinkAnchor = (link: LinkId) => `link-${link}`;
