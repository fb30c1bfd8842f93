/**
 * The wire format of everything ovnscope's node scripts print (deploy/libexec/ovnscope/frame.sh,
 * collect-serve.py): a sequence of length-prefixed frames,
 *
 *   @@ovnscope frame NAME rc=RC out=OUT err=ERR\n <OUT bytes of stdout><ERR bytes of stderr>\n
 *
 * Lengths, not end markers: a frame ends where its header says, so nothing read from the cloud
 * (a tenant's network name in NB's JSON, a process's arguments, a journal line) can end a frame
 * or start another — it is only ever payload. Lengths count bytes, so output is read as bytes
 * and each payload decoded on its own (invalid UTF-8 stays inside its frame).
 *
 * Pure: used on live output (ServedChannel finds the end of an answer with it) and on captured
 * fixtures alike.
 */

export const FRAME_PREFIX = "@@ovnscope frame ";
/** The frame that ends each answer of a served command (`collect --serve`). */
export const SERVED_FRAME = "served";
/** The frame a served command answers a request line it does not know with. */
export const REFUSED_FRAME = "refused";

const HEADER =
  /^@@ovnscope frame ([a-z0-9][a-z0-9-]{0,31}) rc=(\d{1,3}) out=(\d{1,10}) err=(\d{1,10})$/;
/** Longer than any header HEADER admits: a line this long without a newline is not a header. */
const MAX_HEADER_BYTES = 128;
const NEWLINE = 0x0a;
const PREFIX_BYTES = Buffer.from(FRAME_PREFIX);
/** What the scripts printed before frames (collect version 2): an old script on the node. */
const OLD_MARKER = Buffer.from("@@ovnscope begin ");

export interface FrameHeader {
  name: string;
  rc: number;
  outBytes: number;
  errBytes: number;
  /** Offset of the payload (just after the header's newline). */
  payloadAt: number;
  /** Offset just after the frame (its closing newline included). */
  end: number;
}

export type HeaderRead =
  | { kind: "frame"; header: FrameHeader }
  | { kind: "incomplete" }
  | { kind: "garbled"; why: string };

/** The frame header at `at` in the first `size` bytes of `buf` (what has arrived so far). */
export function readHeader(buf: Buffer, at: number, size = buf.length): HeaderRead {
  const available = Math.min(size, at + MAX_HEADER_BYTES + 1);
  const newline = buf.subarray(at, available).indexOf(NEWLINE);
  const lineEnd = newline >= 0 ? at + newline : -1;
  if (lineEnd < 0) {
    if (available - at <= MAX_HEADER_BYTES && isPrefixOf(buf.subarray(at, available)))
      return { kind: "incomplete" };
    return { kind: "garbled", why: notFrames(buf, at, available) };
  }
  const line = buf.toString("latin1", at, lineEnd);
  const m = HEADER.exec(line);
  if (!m) return { kind: "garbled", why: notFrames(buf, at, lineEnd) };
  const outBytes = Number(m[3]);
  const errBytes = Number(m[4]);
  const payloadAt = lineEnd + 1;
  return {
    kind: "frame",
    header: {
      name: m[1]!,
      rc: Number(m[2]),
      outBytes,
      errBytes,
      payloadAt,
      end: payloadAt + outBytes + errBytes + 1,
    },
  };
}

/** True when `bytes` could still grow into a frame header (a prefix of one, or its start). */
function isPrefixOf(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, PREFIX_BYTES.length);
  return bytes.subarray(0, n).equals(PREFIX_BYTES.subarray(0, n));
}

function notFrames(buf: Buffer, at: number, until: number): string {
  const start = buf.subarray(at, Math.min(until, at + 80));
  if (start.subarray(0, OLD_MARKER.length).equals(OLD_MARKER))
    return "the node's scripts print the old marker format (collect version 2): install this ovnscope's deploy/libexec/ovnscope on it";
  return `output is not in ovnscope frames at byte ${at}: ${JSON.stringify(start.toString("utf8"))}`;
}

export interface Frame {
  name: string;
  /** null when the frame was cut off before its end. */
  rc: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface FramesRead {
  frames: Frame[];
  /** Why reading stopped before the end of the output (null: every byte was in a frame). */
  problem: string | null;
}

/**
 * Every frame of a whole output. Reading stops at the first byte that is not where a frame
 * should start (the frames before it stand); a last frame cut off short is kept with rc null
 * and what it holds.
 */
export function readFrames(output: Buffer): FramesRead {
  const frames: Frame[] = [];
  let at = 0;
  while (at < output.length) {
    const read = readHeader(output, at);
    if (read.kind === "garbled") return { frames, problem: read.why };
    if (read.kind === "incomplete")
      return { frames, problem: `cut off in a frame header at byte ${at}` };
    const { header } = read;
    const outEnd = header.payloadAt + header.outBytes;
    const errEnd = outEnd + header.errBytes;
    if (header.end > output.length) {
      frames.push({
        name: header.name,
        rc: null,
        stdout: output.subarray(header.payloadAt, Math.min(outEnd, output.length)),
        stderr: output.subarray(Math.min(outEnd, output.length), Math.min(errEnd, output.length)),
      });
      return { frames, problem: `${header.name}: cut off before it finished` };
    }
    if (output[errEnd] !== NEWLINE)
      return {
        frames,
        problem: `${header.name}: its frame is not as long as its header says (byte ${errEnd})`,
      };
    frames.push({
      name: header.name,
      rc: header.rc,
      stdout: output.subarray(header.payloadAt, outEnd),
      stderr: output.subarray(outEnd, errEnd),
    });
    at = header.end;
  }
  return { frames, problem: null };
}

/** The bytes that end each served answer: the empty frame SERVED_FRAME. */
export const SERVED_FRAME_TEXT = `${FRAME_PREFIX}${SERVED_FRAME} rc=0 out=0 err=0\n\n`;

/** One frame as the scripts print it (tests and tools that stand in for a node script). */
export function frame(name: string, rc: number, stdout: string | Buffer, stderr = ""): Buffer {
  const out = Buffer.from(stdout);
  const err = Buffer.from(stderr);
  return Buffer.concat([
    Buffer.from(`${FRAME_PREFIX}${name} rc=${rc} out=${out.length} err=${err.length}\n`),
    out,
    err,
    Buffer.from("\n"),
  ]);
}
