import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { builtView, gzippedView, snapshotView } from "@/lib/http/snapshot-response";
import { overviewModel } from "@/lib/views/overview";
import { snapshotFromFixtures } from "../../support/fixtures";

const get = (etag?: string) =>
  new Request("http://localhost/api/overview", etag ? { headers: { "if-none-match": etag } } : {});

describe("a view served once per snapshot", () => {
  it("builds once for concurrent viewers, answers 304 to one that has it, and follows new generations", async () => {
    const snapshot = snapshotFromFixtures("incident");
    let builds = 0;
    const build = (s: typeof snapshot) => {
      builds++;
      return overviewModel(s);
    };
    const first = await Promise.all(
      Array.from({ length: 20 }, () => snapshotView(get(), snapshot, "overview", build)),
    );
    expect(builds).toBe(1);
    expect(first.every((r) => r.status === 200)).toBe(true);
    const etag = first[0]!.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{8}-\d+-[\w-]{12}"$/);
    expect(await first[0]!.json()).toEqual(JSON.parse(JSON.stringify(overviewModel(snapshot))));
    expect(first[0]!.headers.get("cache-control")).toBe("private, no-cache");

    const again = await snapshotView(get(etag), snapshot, "overview", build);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await snapshotView(get(`W/${etag}, "x"`), snapshot, "overview", build)).status).toBe(
      304,
    );
    expect((await snapshotView(get('"other"'), snapshot, "overview", build)).status).toBe(200);

    // Another view of the same snapshot has its own body and tag.
    const routers = await snapshotView(get(etag), snapshot, "routers", () => ({ routers: [] }));
    expect(routers.status).toBe(200);
    expect(routers.headers.get("etag")).not.toBe(etag);

    // The next generation is a new snapshot: built again, a new tag, the old one no longer 304.
    const next = { ...snapshotFromFixtures("healthy"), generation: snapshot.generation + 1 };
    const fresh = await snapshotView(get(etag), next, "overview", build);
    expect(fresh.status).toBe(200);
    expect(builds).toBe(2);
    expect(fresh.headers.get("etag")).not.toBe(etag);
  });

  it("does not keep a failed build", async () => {
    const snapshot = snapshotFromFixtures("healthy");
    let calls = 0;
    const flaky = () => {
      if (++calls === 1) throw new Error("layout failed");
      return { ok: true };
    };
    await expect(snapshotView(get(), snapshot, "topology", flaky)).rejects.toThrow("layout failed");
    const ok = await snapshotView(get(), snapshot, "topology", flaky);
    expect(await ok.json()).toEqual({ ok: true });
  });

  it("gzips a built view once for every viewer, with a tag of its own", async () => {
    const snapshot = snapshotFromFixtures("healthy");
    const built = await builtView(snapshot, "overview", overviewModel);
    const [a, b] = await Promise.all([gzippedView(built), gzippedView(built)]);
    expect(a.body).toBe(b.body); // the same Buffer: compressed once
    expect(gunzipSync(a.body).toString("utf8")).toBe(built.body);
    expect(a.etag).toBe(built.etag.replace(/"$/, '-gz"'));
    expect(a.body.byteLength).toBeLessThan(Buffer.byteLength(built.body) / 2);
  });
});
