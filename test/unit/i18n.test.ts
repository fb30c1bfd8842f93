import { describe, expect, it } from "vitest";
import { negotiateLocale, translator } from "@/lib/i18n/catalogue";
import { en } from "@/lib/i18n/en";
import { ko } from "@/lib/i18n/ko";

// Names and abbreviations that read the same in Korean.
const SAME_IN_BOTH = new Set([
  "app.name",
  "table.pid",
  "table.rss",
  "table.db",
  "router.candidates.controller",
  "f.gateway.bridge.explain",
]);

describe("message catalogue", () => {
  it("has every English key in Korean, translated", () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    const untranslated = Object.keys(en).filter(
      (k) => !SAME_IN_BOTH.has(k) && ko[k as keyof typeof en] === en[k as keyof typeof en],
    );
    expect(untranslated).toEqual([]);
  });

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(translator("en")("overview.inventoryNote", { source: "/x.yaml" })).toMatch(
      /^Read from \/x.yaml\./,
    );
    expect(translator("ko")("overview.inventoryNote")).toContain("{source}");
  });

  it("prefers the cookie, then the browser's ranked languages, then English", () => {
    expect(negotiateLocale("ko", "en-US,en;q=0.9")).toBe("ko");
    expect(negotiateLocale(undefined, "ko-KR,ko;q=0.9,en;q=0.8")).toBe("ko");
    expect(negotiateLocale(undefined, "en;q=0.5, ko;q=0.8")).toBe("ko");
    expect(negotiateLocale(undefined, "fr-FR, ko;q=0")).toBe("en");
    expect(negotiateLocale("xx", null)).toBe("en");
  });
});
