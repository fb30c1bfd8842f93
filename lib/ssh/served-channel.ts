import type { Client, ClientChannel } from "ssh2";
import type { ServedCommand } from "./command";

/** One answer of a served command: its output, and its exit code if it exited meanwhile. */
export interface ServedAnswer {
  stdout: string;
  stderr: string;
  /** null while the command keeps running (it answered and waits for the next request). */
  code: number | null;
  /** The command exited: this channel cannot answer again. */
  closed: boolean;
  /** It had answered earlier requests (a served command that went away, not a one-shot). */
  reused: boolean;
}

const NEWLINE = 0x0a;

/**
 * A fixed command kept running on a held connection's channel that answers one request line
 * with its output followed by a done line (`collect --serve`). One request at a time: the
 * caller (SshPool) queues them. A command that exits instead of answering (sudo refusing, a
 * forced command that prints once) still yields what it printed and its exit code, so callers
 * see the same result as from a one-shot exec.
 *
 * Output is kept as bytes and decoded once per answer (a UTF-8 character may span two
 * chunks); each chunk is searched for the done line together with the few bytes before it,
 * never the whole answer again.
 */
export class ServedChannel {
  private chunks: Buffer[] = [];
  private size = 0;
  private tail: Buffer = Buffer.alloc(0);
  private errChunks: Buffer[] = [];
  private waiter: ((answer: ServedAnswer) => void) | null = null;
  closed = false;
  private code: number | null = null;
  private answered = 0;
  private readonly doneLine: Buffer;

  private constructor(
    readonly client: Client,
    private readonly stream: ClientChannel,
    private readonly spec: ServedCommand,
  ) {
    this.doneLine = Buffer.from(`${spec.done}\n`);
    stream.on("data", (d: Buffer) => this.received(d));
    stream.stderr.on("data", (d: Buffer) => this.errChunks.push(d));
    // A write to a channel the node already closed: the close event reports what it printed.
    stream.on("error", () => this.close());
    stream.on("close", (code: number | null) => {
      this.closed = true;
      this.code = code ?? null;
      // Without a request under way the output stays for ask() to return.
      if (this.waiter) this.settle(this.take(this.size, 0), this.code, true);
    });
  }

  static open(client: Client, spec: ServedCommand): Promise<ServedChannel> {
    return new Promise((resolve, reject) => {
      client.exec(spec.command, (err, stream) =>
        err ? reject(err) : resolve(new ServedChannel(client, stream, spec)),
      );
    });
  }

  /** Sends the request line; resolves with the answer (never rejects: see close()). */
  ask(): Promise<ServedAnswer> {
    // What came before a request (sudo refusing, a forced command's output) is kept: it is
    // the answer of a command that does not serve.
    if (this.closed) return Promise.resolve(this.answer(this.take(this.size, 0), this.code, true));
    if (this.waiter) throw new Error("ServedChannel.ask while a request is under way");
    const answer = new Promise<ServedAnswer>((resolve) => (this.waiter = resolve));
    this.stream.write(`${this.spec.request}\n`);
    return answer;
  }

  /** Ends the command (its stdin closes, then the channel). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    this.stream.close();
  }

  private received(chunk: Buffer): void {
    const window = Buffer.concat([this.tail, chunk]);
    const windowStart = this.size - this.tail.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    // The done line is a whole line: at the very start of the output, or after a newline.
    const whole = (at: number) => (at === 0 ? windowStart === 0 : window[at - 1] === NEWLINE);
    let at = window.indexOf(this.doneLine);
    while (at >= 0 && !whole(at)) at = window.indexOf(this.doneLine, at + 1);
    if (at < 0) {
      this.tail = window.subarray(Math.max(0, window.length - this.doneLine.length - 1));
      return;
    }
    const stdout = this.take(windowStart + at, this.doneLine.length);
    this.answered += 1;
    this.settle(stdout, null, false);
  }

  /** The first `length` bytes as text; `skip` more bytes are dropped, the rest kept. */
  private take(length: number, skip: number): string {
    const all = Buffer.concat(this.chunks, this.size);
    const rest = all.subarray(length + skip);
    this.chunks = rest.length ? [Buffer.from(rest)] : [];
    this.size = rest.length;
    this.tail = Buffer.alloc(0);
    return all.subarray(0, length).toString("utf8");
  }

  private answer(stdout: string, code: number | null, closed: boolean): ServedAnswer {
    const stderr = Buffer.concat(this.errChunks).toString("utf8");
    this.errChunks = [];
    // An answer given on close counts as reused when earlier requests were answered.
    const reused = closed ? this.answered > 0 : this.answered > 1;
    return { stdout, stderr, code, closed, reused };
  }

  private settle(stdout: string, code: number | null, closed: boolean): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(this.answer(stdout, code, closed));
  }
}
