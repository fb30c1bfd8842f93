/**
 * Bounded buffering of what a node sends. A node is not trusted to stop talking: a broken or
 * compromised one (a journal follow printing one endless line, a config file of gigabytes) must
 * cost the server at most a fixed amount of memory and linear time, and every other node and
 * page must go on as before. Callers end the channel when a bound is reached and report what
 * they read.
 */

/** What a node may send in one answer (all frames of one read) before it is cut off. */
export const DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/** stderr is diagnostics only: the first bytes are kept, the rest counted and dropped. */
export const MAX_STDERR_BYTES = 64 * 1024;
/** A followed stream's longest line (systemd's unit lines are ~100 bytes). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** OVNSCOPE_NODE_OUTPUT_MAX_BYTES (1 MiB – 1 GiB), else the default. */
export function maxAnswerBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OVNSCOPE_NODE_OUTPUT_MAX_BYTES;
  if (raw === undefined || raw === "") return DEFAULT_MAX_ANSWER_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024 * 1024 || value > 1024 ** 3)
    throw new Error(
      `OVNSCOPE_NODE_OUTPUT_MAX_BYTES must be a whole number of bytes from 1048576 (1 MiB) to 1073741824 (1 GiB), not ${JSON.stringify(raw)}`,
    );
  return value;
}

export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

/** The most an emptied ByteBuffer keeps (a small answer's worth: it comes from Buffer's pool). */
const EMPTY_ROOM = 4096;

/**
 * A byte buffer that grows by doubling (amortised linear appends, one contiguous view for the
 * frame reader) and refuses to grow past `limit`: `append` returns false instead, keeping the
 * first `limit` bytes.
 */
export class ByteBuffer {
  private buf: Buffer = Buffer.alloc(0);
  size = 0;
  /** Bytes offered beyond the limit (dropped). */
  dropped = 0;

  constructor(readonly limit: number) {}

  append(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(0, room));
    this.dropped += chunk.length - kept.length;
    if (this.size + kept.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.limit, Math.max(this.buf.length * 2, this.size + kept.length, 4096)),
      );
      this.buf.copy(grown, 0, 0, this.size);
      this.buf = grown;
    }
    kept.copy(this.buf, this.size);
    this.size += kept.length;
    return kept.length === chunk.length;
  }

  /** The bytes held (a view: valid until the next append or take). */
  view(): Buffer {
    return this.buf.subarray(0, this.size);
  }

  /** Removes and returns the first `n` bytes (a copy); `skip` more are dropped. */
  take(n: number, skip = 0): Buffer {
    const out = Buffer.from(this.buf.subarray(0, n));
    const from = Math.min(this.size, n + skip);
    this.buf.copy(this.buf, 0, from, this.size);
    this.size -= from;
    // Emptied, it keeps no room: a held connection's channel answers one read and then idles,
    // and 2,000 of them each keeping the 32–64 KiB an answer grew it to held ~70 MB for nothing.
    if (this.size === 0 && this.buf.length > EMPTY_ROOM) {
      this.buf = Buffer.alloc(0);
      return out;
    }
    // A flood once must not keep its memory for the life of the connection.
    if (this.buf.length > 1024 * 1024 && this.buf.length > 4 * this.size) {
      const smaller = Buffer.allocUnsafe(Math.max(4096, this.size * 2));
      this.buf.copy(smaller, 0, 0, this.size);
      this.buf = smaller;
    }
    return out;
  }
}

/**
 * Splits a byte stream into lines in linear time: each chunk is searched once, and an
 * unfinished line is kept as chunks, never re-joined and re-split. A line longer than
 * `maxLineBytes` makes `push` return false (the caller ends the stream).
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  push(chunk: Buffer): boolean {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, nl);
      if (this.pendingBytes + piece.length > this.maxLineBytes) return false;
      const line = this.pending.length
        ? Buffer.concat([...this.pending, piece]).toString("utf8")
        : piece.toString("utf8");
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(line);
      from = nl + 1;
    }
    const rest = chunk.subarray(from);
    if (this.pendingBytes + rest.length > this.maxLineBytes) return false;
    if (rest.length) {
      this.pending.push(Buffer.from(rest));
      this.pendingBytes += rest.length;
    }
    return true;
  }
}
