"use client";

import { SeverityBadge } from "@/components/findings/SeverityBadge";
import { useMessage } from "@/components/findings/useMessage";
import { FindingLink } from "@/components/ui/FindingLink";
import type { Finding } from "@/lib/diagnose";

/** Findings about a cluster: severity and title, each a link to its page. */
export function ClusterFindings({ findings }: { findings: Finding[] }) {
  const msg = useMessage();
  return (
    <ul className="divide-y divide-line">
      {findings.map((f) => (
        <li
          key={f.id}
          className="flex items-center gap-3 px-3 py-1.5"
          data-finding={f.id}
          data-severity={f.severity}
        >
          <SeverityBadge severity={f.severity} />
          <FindingLink id={f.id} className="font-medium hover:underline">
            {msg(f.title)}
          </FindingLink>
        </li>
      ))}
    </ul>
  );
}
