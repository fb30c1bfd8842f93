"use client";

import {
  Background,
  Controls,
  getViewportForBounds,
  MarkerType,
  ReactFlow,
  type NodeMouseHandler,
  type ReactFlowInstance,
  type Viewport,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SeverityBadge } from "@/components/findings/SeverityBadge";
import { useMessage } from "@/components/findings/useMessage";
import { HealthBadge } from "@/components/ui/HealthBadge";
import { useT } from "@/components/i18n/I18nProvider";
import { Freshness } from "@/components/live/Freshness";
import { useLive } from "@/components/live/useLive";
import { FindingLink } from "@/components/ui/FindingLink";
import { flatten } from "@/lib/diagnose/flatten";
import type { Severity } from "@/lib/diagnose";
import {
  ringOf,
  type TopoEdge,
  type TopologyModel,
  type TopoNode,
} from "@/lib/views/topology/types";
import {
  layoutTopology,
  SIZE,
  structureKey,
  type TopologyLayout,
} from "@/lib/views/topology-layout";
import { EDGE_COLOUR, TopoEdgeView, type FlowEdge } from "./TopoEdgeView";
import { FindingsCount, HANDLES, RING_CLASS, TopoNodeView, type FlowNode } from "./TopoNodeView";

const NODE_TYPES = { topo: TopoNodeView };
const EDGE_TYPES = { topo: TopoEdgeView };
const PRO_OPTIONS = { hideAttribution: true };
const MIN_ZOOM = 0.05;
const MAX_ZOOM = 2;

/** A layout and the structure it is for. */
interface Positions {
  key: string;
  at: Map<string, { x: number; y: number }>;
}

function positionsOf(key: string, layout: TopologyLayout): Positions {
  return { key, at: new Map(Object.entries(layout.at).map(([id, [x, y]]) => [id, { x, y }])) };
}

/**
 * The whole graph fitted in a view of this size, as React Flow's fitView computes it, but
 * before the first render: React Flow then starts at the fitted viewport and, drawing only what
 * is in view, draws the right cards the first time.
 */
function fitted(nodes: TopoNode[], positions: Positions, width: number, height: number): Viewport {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    const p = positions.at.get(n.id);
    if (!p) continue;
    [x0, y0] = [Math.min(x0, p.x), Math.min(y0, p.y)];
    [x1, y1] = [Math.max(x1, p.x + SIZE[n.kind].width), Math.max(y1, p.y + SIZE[n.kind].height)];
  }
  if (x0 > x1) return { x: 0, y: 0, zoom: 1 };
  const bounds = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  return getViewportForBounds(bounds, width, height, MIN_ZOOM, MAX_ZOOM, 0.1);
}

/**
 * Keeps the React Flow object of an element that has not changed (same content, same
 * derived inputs) from one render to the next. React Flow then reuses its internal node or
 * edge and re-renders nothing for it: a refresh redraws only what changed, and a click on
 * one card redraws two cards instead of all of them.
 */
function keepUnchanged<In extends { id: string }, Out>(
  cache: Map<string, { key: string; out: Out }>,
  items: In[],
  extra: (item: In) => string,
  make: (item: In) => Out,
): Out[] {
  const seen = new Set<string>();
  const result = items.map((item) => {
    const key = JSON.stringify(item) + extra(item);
    const hit = cache.get(item.id);
    seen.add(item.id);
    if (hit && hit.key === key) return hit.out;
    const out = make(item);
    cache.set(item.id, { key, out });
    return out;
  });
  for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
  return result;
}

function flowNode(n: TopoNode, position: { x: number; y: number }, selected: boolean): FlowNode {
  const size = SIZE[n.kind];
  return {
    id: n.id,
    type: "topo",
    position,
    data: { topo: n, selected },
    draggable: false,
    // The card's size and its connection points are known before it is drawn, so React Flow
    // needs no measuring pass (ResizeObserver on every card, then a second render of every
    // node and the first of every edge) before the view can be shown and fitted.
    ...size,
    measured: size,
    handles: HANDLES[n.kind],
  };
}

function flowEdge(e: TopoEdge): FlowEdge {
  const colour = EDGE_COLOUR[e.health];
  // Drawn heavier, as a card is ringed, only for a critical or warning finding.
  const ring = ringOf(e.severity);
  return {
    id: e.id,
    type: "topo",
    source: e.source,
    target: e.target,
    data: { label: e.label, health: e.health },
    className: `health-${e.health}${ring ? ` highlighted severity-${ring}` : ""}`,
    animated: e.health === "down",
    style: {
      stroke: colour,
      strokeWidth: ring || e.health === "down" ? 2.5 : 1.5,
      strokeDasharray: e.health === "ok" ? undefined : "6 4",
    },
    markerEnd: { type: MarkerType.ArrowClosed, color: colour },
  };
}

function SidePanel({
  node,
  model,
  onClose,
}: {
  node: TopoNode;
  model: TopologyModel;
  onClose: () => void;
}) {
  const t = useT();
  const msg = useMessage();
  const findings = flatten(model.findings).filter((f) => node.findings.includes(f.id));
  return (
    <aside
      className="w-96 shrink-0 space-y-2 overflow-y-auto rounded border border-line bg-panel p-3"
      data-testid="side-panel"
    >
      <div className="flex items-center gap-2">
        <h2 className="font-mono font-semibold">{node.label}</h2>
        <HealthBadge health={node.health} label={node.state} />
        <button
          type="button"
          onClick={onClose}
          className="ml-auto text-muted hover:text-ink"
          aria-label="close"
        >
          ✕
        </button>
      </div>
      <p className="text-xs text-muted">{node.sub}</p>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 font-mono text-xs">
        {node.facts.map(([k, v], i) => (
          <div key={i} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="break-all">{v}</dd>
          </div>
        ))}
      </dl>
      {findings.length > 0 && (
        <ul className="space-y-1 border-t border-line pt-2">
          {findings.map((f) => (
            <li key={f.id} className="flex items-center gap-2">
              <SeverityBadge severity={f.severity} />
              <FindingLink id={f.id} className="text-accent hover:underline">
                {msg(f.title)}
              </FindingLink>
            </li>
          ))}
        </ul>
      )}
      {node.href && (
        <Link
          href={node.href}
          className="inline-block text-accent hover:underline"
          data-testid="side-panel-link"
        >
          {t("topology.openPage")} →
        </Link>
      )}
    </aside>
  );
}

/** Where a name is: a card drawn now, or a member of a group card (drawn once it is expanded). */
function locate(model: TopologyModel, name: string): { id: string; group?: string } | null {
  const q = name.trim().toLowerCase();
  if (!q) return null;
  const drawn =
    model.nodes.find((n) => n.id === `node:${q}`) ??
    model.nodes.find((n) => n.label.toLowerCase() === q);
  if (drawn) return { id: drawn.id };
  const group = model.nodes.find((n) => n.members?.members.includes(q));
  return group?.members ? { id: `node:${q}`, group: group.members.key } : null;
}

/**
 * Above the drawing: a find box (a node's name: on a grouped cloud its group is expanded if need
 * be; then it is selected and centred) and the groups drawn host by host, each with a button
 * that folds it back into its card.
 */
function Toolbar({
  expanded,
  onFind,
  onCollapse,
}: {
  expanded: string[];
  onFind: (name: string) => boolean;
  onCollapse: (key: string) => void;
}) {
  const t = useT();
  const [name, setName] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  return (
    <div
      className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs"
      data-testid="topology-toolbar"
    >
      <form
        role="search"
        className="flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          setMissing(onFind(name) ? null : name.trim());
        }}
      >
        <label htmlFor="topology-find" className="text-muted">
          {t("topology.find")}
        </label>
        <input
          id="topology-find"
          data-testid="topology-find"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t("topology.findPlaceholder")}
          autoComplete="off"
          spellCheck={false}
          className="w-44 rounded border border-line bg-panel px-1.5 py-0.5 font-mono text-ink"
        />
        <button
          type="submit"
          className="rounded border border-line bg-panel px-2 py-0.5 text-ink hover:border-accent"
        >
          {t("topology.findButton")}
        </button>
        {missing && (
          <span role="status" className="text-degraded" data-testid="topology-find-none">
            {t("topology.findNone", { name: missing })}
          </span>
        )}
      </form>
      {expanded.length > 0 && (
        <div className="flex flex-wrap items-center gap-1" data-testid="topology-expanded">
          <span className="text-muted">{t("topology.expandedGroups")}</span>
          {expanded.map((key) => (
            <button
              key={key}
              type="button"
              onClick={() => onCollapse(key)}
              data-collapse={key}
              className="rounded border border-line bg-panel px-1.5 py-0.5 font-mono text-ink hover:border-accent"
              title={t("topology.collapse", { group: key })}
              aria-label={t("topology.collapse", { group: key })}
            >
              {key} <span aria-hidden="true">✕</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

const LEGEND: Severity[] = ["critical", "warning", "info"];

/**
 * What a ring and a count on a card mean: a sample card per severity, with the count's icon
 * and the severity in words (never colour alone). Theme colours only, so it reads in both.
 */
function Legend() {
  const t = useT();
  return (
    <div
      className="flex flex-wrap items-center justify-end gap-x-4 gap-y-1 text-xs text-muted"
      data-testid="topology-legend"
    >
      <span>{t("topology.legend")}</span>
      {LEGEND.map((severity) => {
        const ring = ringOf(severity);
        return (
          <span key={severity} className="flex items-center gap-1.5" data-legend={severity}>
            <span
              aria-hidden="true"
              className={`inline-flex h-4 w-7 items-center justify-end rounded-sm border border-line bg-panel pr-0.5 ${ring ? RING_CLASS[ring] : ""}`}
            >
              <FindingsCount count={1} severity={severity} />
            </span>
            <span className="text-ink">{t(`severity.${severity}`)}</span>
            {!ring && <span>({t("topology.legendNoRing")})</span>}
          </span>
        );
      })}
    </div>
  );
}

/**
 * The wall-screen view: nodes, services, routers, physical networks and the connections
 * between them, health on each. The layout depends only on which elements exist, so a
 * refresh that only changes health moves nothing.
 */
export function TopologyView({
  initial,
  refreshMs,
  expandInAddress = false,
}: {
  initial: TopologyModel;
  refreshMs: number;
  /** Keep the expanded groups in the address bar (`?expand=`), so a reload or link keeps them. */
  expandInAddress?: boolean;
}) {
  const t = useT();
  // Groups drawn host by host (a large cloud's); the server draws them as asked.
  const [expanded, setExpanded] = useState<string[]>(initial.expanded ?? []);
  useEffect(() => {
    if (!expandInAddress) return;
    const address = new URL(window.location.href);
    if (expanded.length) address.searchParams.set("expand", expanded.join(","));
    else address.searchParams.delete("expand");
    if (address.href !== window.location.href)
      window.history.replaceState(window.history.state, "", address);
  }, [expandInAddress, expanded]);
  const url = expanded.length
    ? `/api/topology?expand=${encodeURIComponent(expanded.join(","))}`
    : "/api/topology";
  const { data, error } = useLive<TopologyModel>(url, initial, refreshMs);
  const key = structureKey(data.nodes, data.edges);
  // The server sends the layout with the model (lib/views/topology-layout); only a model
  // without one is laid out here, with ELK loaded on demand.
  const served = useMemo(
    () => (data.layout ? positionsOf(key, data.layout) : null),
    [key, data.layout],
  );
  const [computed, setComputed] = useState<Positions | null>(null);
  const positions = served ?? computed;
  // The drawing area's size when the first layout arrived and the viewport that fits it.
  // Only the first layout sets the viewport (React Flow reads it once, on mount); later ones
  // keep whatever the operator panned or zoomed to, as before. No size (not in a page that
  // is laid out): React Flow fits the view itself.
  const [first, setFirst] = useState<{ viewport: Viewport; width: number; height: number }>();
  const [unsized, setUnsized] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const areaRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (served || computed?.key === key) return;
    let cancelled = false;
    layoutTopology(data.nodes, data.edges).then((l) => {
      if (!cancelled) setComputed(positionsOf(key, l));
    });
    return () => {
      cancelled = true;
    };
  }, [key, data.nodes, data.edges, served, computed?.key]);

  // Before the first paint: React Flow is mounted at the fitted viewport in the same frame.
  useLayoutEffect(() => {
    if (first || unsized || !positions) return;
    const { width = 0, height = 0 } = areaRef.current?.getBoundingClientRect() ?? {};
    if (width && height)
      setFirst({ viewport: fitted(data.nodes, positions, width, height), width, height });
    else setUnsized(true);
  }, [first, unsized, positions, data.nodes]);

  const [nodeCache] = useState(() => new Map<string, { key: string; out: FlowNode }>());
  const [edgeCache] = useState(() => new Map<string, { key: string; out: FlowEdge }>());
  const flowNodes = useMemo(
    () =>
      positions
        ? keepUnchanged(
            nodeCache,
            data.nodes,
            (n) => `${n.id === selected}${JSON.stringify(positions.at.get(n.id))}`,
            (n) => flowNode(n, positions.at.get(n.id) ?? { x: 0, y: 0 }, n.id === selected),
          )
        : [],
    [nodeCache, data.nodes, positions, selected],
  );
  const flowEdges = useMemo(
    () => keepUnchanged(edgeCache, data.edges, () => "", flowEdge),
    [edgeCache, data.edges],
  );
  // An element to bring into the middle of the view once it is drawn (after a find, or the
  // first host of a group just expanded), and whether to select it.
  const [focus, setFocus] = useState<{ id: string; select: boolean } | null>(null);
  const flow = useRef<ReactFlowInstance<FlowNode, FlowEdge> | null>(null);
  const onInit = useCallback((instance: ReactFlowInstance<FlowNode, FlowEdge>) => {
    flow.current = instance;
  }, []);
  const expand = useCallback(
    (key: string) => setExpanded((keys) => (keys.includes(key) ? keys : [...keys, key].sort())),
    [],
  );
  // Folded back, the group's card comes into the middle of the view where its hosts were.
  const collapse = useCallback((key: string) => {
    setExpanded((keys) => keys.filter((k) => k !== key));
    setFocus({ id: `group:${key}`, select: false });
  }, []);
  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback(
    (_, n) => {
      const group = n.data.topo.members;
      if (!group) return setSelected(n.id);
      expand(group.key);
      setFocus({ id: `node:${group.members[0]}`, select: false });
    },
    [expand],
  );
  const onPaneClick = useCallback(() => setSelected(null), []);
  const onFind = (name: string) => {
    const found = locate(data, name);
    if (!found) return false;
    if (found.group) expand(found.group);
    setFocus({ id: found.id, select: true });
    return true;
  };
  const selectedNode = data.nodes.find((n) => n.id === selected) ?? null;

  // Once the element is in the model and laid out: select it, and centre it after that commit.
  const pendingCentre = useRef<{ at: { x: number; y: number }; kind: TopoNode["kind"] } | null>(
    null,
  );
  useEffect(() => {
    if (!focus || positions?.key !== key) return;
    const node = data.nodes.find((n) => n.id === focus.id);
    const at = positions.at.get(focus.id);
    if (!node || !at) return;
    const frame = requestAnimationFrame(() => {
      pendingCentre.current = { at, kind: node.kind };
      setFocus(null);
      if (focus.select) setSelected(node.id);
    });
    return () => cancelAnimationFrame(frame);
  }, [focus, positions, key, data.nodes]);
  // Runs after every commit, before paint. The one that cleared the focus (and selected the
  // element) has the side panel in the page with its room taken, so the area measured here is
  // what is left to the drawing: no frame counting, which a busy browser can outrun.
  useLayoutEffect(() => {
    const centre = pendingCentre.current;
    const instance = flow.current;
    const area = areaRef.current?.getBoundingClientRect();
    if (!centre || !instance || !area) return;
    pendingCentre.current = null;
    const { width, height } = SIZE[centre.kind];
    const zoom = Math.max(instance.getZoom(), 1);
    void instance.setViewport({
      x: area.width / 2 - (centre.at.x + width / 2) * zoom,
      y: area.height / 2 - (centre.at.y + height / 2) * zoom,
      zoom,
    });
  });

  return (
    <div className="space-y-2">
      <Freshness finishedAt={data.finishedAt} error={error} refreshMs={refreshMs} />
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
        <Toolbar expanded={expanded} onFind={onFind} onCollapse={collapse} />
        <Legend />
      </div>
      <div className="flex h-[calc(100vh-10.5rem)] gap-2">
        <div
          className="min-w-0 flex-1 rounded border border-line bg-panel"
          data-testid="topology"
          data-ready={positions?.key === key || undefined}
          ref={areaRef}
        >
          {positions && (first || unsized) && (
            <ReactFlow
              nodes={flowNodes}
              edges={flowEdges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              onNodeClick={onNodeClick}
              onPaneClick={onPaneClick}
              onInit={onInit}
              // Only the cards and edges in view are in the page: at the fitted zoom of a large
              // cloud that is about a quarter of them; the rest are drawn as they come into view.
              onlyRenderVisibleElements
              {...(first
                ? { defaultViewport: first.viewport, width: first.width, height: first.height }
                : { fitView: true })}
              minZoom={MIN_ZOOM}
              maxZoom={MAX_ZOOM}
              nodesConnectable={false}
              colorMode="system"
              proOptions={PRO_OPTIONS}
            >
              <Background gap={24} color="var(--line)" />
              <Controls showInteractive={false} />
            </ReactFlow>
          )}
          {!(positions && (first || unsized)) && (
            <p className="p-3 text-muted">{t("topology.layingOut")}</p>
          )}
        </div>
        {selectedNode && (
          <SidePanel node={selectedNode} model={data} onClose={() => setSelected(null)} />
        )}
      </div>
    </div>
  );
}
