import type { SectionName } from "@/lib/model/snapshot";
import { createHash } from "node:crypto";
import { readFrames, type Frame } from "@/lib/ssh/frames";

/** One framed section of the collection output (see deploy/libexec/ovnscope/frame.sh). */
export interface RawSection {
  stdout: string;
  stderr: string;
  /** null when the frame was cut off before its end. */
  rc: number | null;
  /**
   * A digest of the frame as it came (rc and bytes), when read from frames: two sections with
   * the same digest say the same, so what was parsed from one stands for the other.
   */
  digest?: () => string;
}

export interface SectionsRead {
  sections: Map<SectionName | string, RawSection>;
  /** Why reading stopped early (bytes outside frames, a frame cut off); null when whole. */
  problem: string | null;
}

/**
 * The sections of the node scripts' combined output (length-prefixed frames, lib/ssh/frames):
 * each payload decoded on its own, trailing newlines dropped (parsers read the text). A
 * section's text is exactly its frame's bytes, whatever it contains. Strings are taken as
 * UTF-8 (tests); live output comes as the bytes the node sent.
 */
export function readSections(output: Buffer | string): SectionsRead {
  const { frames, problem } = readFrames(typeof output === "string" ? Buffer.from(output) : output);
  const sections = new Map<string, RawSection>();
  for (const f of frames) sections.set(f.name, lazySection(f));
  return { sections, problem };
}

/**
 * A frame as a section whose text is decoded when first asked for: a section whose digest
 * matches its last parse (most of a steady node's output) is then never turned into a string.
 */
function lazySection(f: Frame): RawSection {
  let stdout: string | undefined;
  let stderr: string | undefined;
  const section = { rc: f.rc } as RawSection;
  // Plain data to every reader (enumerable, assignable); the digest is not part of it.
  return Object.defineProperties(section, {
    stdout: {
      enumerable: true,
      configurable: true,
      get: () => (stdout ??= trimNewlines(f.stdout.toString("utf8"))),
      set: (text: string) => (stdout = text),
    },
    stderr: {
      enumerable: true,
      configurable: true,
      get: () => (stderr ??= trimNewlines(f.stderr.toString("utf8"))),
      set: (text: string) => (stderr = text),
    },
    // A tenant can put text into a section (a network name): a collision-resistant hash, so
    // no crafted bytes can pass for the node's last ones (sha256: 39 ms for 2,000 × 30 KB here,
    // sha1 34).
    digest: {
      enumerable: false,
      value: () =>
        createHash("sha256")
          .update(`${f.rc}:${f.stdout.length}:`)
          .update(f.stdout)
          .update(f.stderr)
          .digest("base64"),
    },
  });
}

/** The sections alone (callers that read one section and report its own status). */
export function splitSections(output: Buffer | string): Map<SectionName | string, RawSection> {
  return readSections(output).sections;
}

function trimNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
  return text.slice(0, end);
}
