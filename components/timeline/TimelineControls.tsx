import Link from "next/link";
import { RANGE_PRESETS, timelineParams, type TimelineQuery } from "@/lib/history/range";
import { HISTORY_KINDS } from "@/lib/history/types";
import type { Translate } from "@/lib/i18n/catalogue";
import type { TimelineOptions } from "@/lib/views/timeline-options";

const field =
  "rounded border border-line bg-canvas px-2 py-0.5 text-ink focus:border-accent focus:outline-none";

/** A datetime-local field's value for a moment, in UTC as the form is read (lib/history/range). */
const localField = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/**
 * The range presets (links that keep the filters) and a plain GET form for a picked range and
 * the filters: the URL is the view. `query` is null when the URL did not parse; the fields
 * then show what it said, so it can be corrected.
 */
export function TimelineControls({
  t,
  params,
  query,
  options,
}: {
  t: Translate;
  params: URLSearchParams;
  query: TimelineQuery | null;
  options: TimelineOptions;
}) {
  const raw = (key: string) => params.get(key) ?? "";
  const picked = query !== null && query.preset === null;
  const kinds = new Set(params.getAll("kind"));
  const presetHref = (preset: keyof typeof RANGE_PRESETS) =>
    `/timeline?${timelineParams({ filter: query?.filter ?? { from: 0, to: 0 }, preset })}`;
  const choose = (name: string, label: string, values: { value: string; label: string }[]) => {
    const current = raw(name);
    const all =
      current && !values.some((v) => v.value === current)
        ? [...values, { value: current, label: current }]
        : values;
    return (
      <label className="space-y-1">
        <span className="block text-xs text-muted">{label}</span>
        <select name={name} defaultValue={current} className={field} data-testid={`filter-${name}`}>
          <option value="">{t("timeline.any")}</option>
          {all.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label}
            </option>
          ))}
        </select>
      </label>
    );
  };
  const plain = (values: string[]) => values.map((v) => ({ value: v, label: v }));
  return (
    <div className="space-y-3 rounded border border-line bg-panel p-3">
      <nav aria-label={t("timeline.range")} className="flex flex-wrap items-center gap-2">
        <span className="text-xs text-muted">{t("timeline.range")}</span>
        {(Object.keys(RANGE_PRESETS) as (keyof typeof RANGE_PRESETS)[]).map((preset) => {
          const active = query?.preset === preset;
          return (
            <Link
              key={preset}
              href={presetHref(preset)}
              aria-current={active ? "page" : undefined}
              data-testid={`preset-${preset}`}
              className={
                active
                  ? "rounded border border-accent bg-accent/15 px-2 py-0.5 text-accent"
                  : "rounded border border-line px-2 py-0.5 text-accent hover:border-accent"
              }
            >
              {t(`timeline.preset.${preset}`)}
            </Link>
          );
        })}
        {picked && (
          <span className="rounded border border-accent bg-accent/15 px-2 py-0.5 text-accent">
            {t("timeline.picked")}
          </span>
        )}
      </nav>
      <form
        method="get"
        action="/timeline"
        data-testid="timeline-filter"
        className="flex flex-wrap items-end gap-3"
      >
        {/* Applying filters keeps a preset range unless a range is picked below. */}
        {query?.preset && <input type="hidden" name="range" value={query.preset} />}
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("timeline.from")}</span>
          <input
            type="datetime-local"
            name="from"
            defaultValue={picked ? localField(query.filter.from) : raw("from").slice(0, 16)}
            className={field}
          />
        </label>
        <label className="space-y-1">
          <span className="block text-xs text-muted">{t("timeline.to")}</span>
          <input
            type="datetime-local"
            name="to"
            defaultValue={picked ? localField(query.filter.to) : raw("to").slice(0, 16)}
            className={field}
          />
        </label>
        {choose("node", t("timeline.node"), plain(options.nodes))}
        {choose("service", t("timeline.filterService"), plain(options.services))}
        {choose(
          "router",
          t("timeline.router"),
          options.routers.map((r) => ({ value: r.id, label: r.name })),
        )}
        {choose("rule", t("timeline.rule"), plain(options.rules))}
        <fieldset className="space-y-1">
          <legend className="text-xs text-muted">{t("timeline.kinds")}</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {HISTORY_KINDS.map((kind) => (
              <label key={kind} className="flex items-center gap-1 whitespace-nowrap">
                <input
                  type="checkbox"
                  name="kind"
                  value={kind}
                  defaultChecked={kinds.has(kind)}
                  className="accent-accent"
                />
                {t(`timeline.kind.${kind}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <button
          type="submit"
          className="rounded border border-accent/60 bg-accent/15 px-2 py-0.5 text-accent hover:bg-accent/25"
        >
          {t("timeline.apply")}
        </button>
        <Link href="/timeline" className="text-accent hover:underline">
          {t("timeline.clear")}
        </Link>
      </form>
    </div>
  );
}
