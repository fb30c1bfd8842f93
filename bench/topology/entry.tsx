// Browser entry of the topology benchmark: the real TopologyView component with a synthetic
// model injected by bench/topology/run.ts (window.__TOPOLOGY__), no server behind it.
import { createRoot } from "react-dom/client";
import { I18nProvider } from "@/components/i18n/I18nProvider";
import { TopologyView } from "@/components/topology/TopologyView";
import type { TopologyModel } from "@/lib/views/topology";

const model = (window as unknown as { __TOPOLOGY__: TopologyModel }).__TOPOLOGY__;
createRoot(document.getElementById("root")!).render(
  <I18nProvider locale="en">
    <TopologyView initial={model} refreshMs={600_000} expandInAddress />
  </I18nProvider>,
);
