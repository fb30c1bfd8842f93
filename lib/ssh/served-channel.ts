import type { Client, ClientChannel } from "ssh2";
import { ByteBuffer, describeBytes, MAX_STDERR_BYTES } from "./bounded";
import type { ServedCommand } from "./command";
import { readHeader, SERVED_FRAME } from "./frames";

/** One answer of a served command: its output, and its exit code if it exited meanwhile. */
export interface ServedAnswer {
  /** The answer's frames as the node sent them (the "served" frame that ended it left out). */
  out: Buffer;
  stderr: string;
  /** null while the command keeps running (it answered and waits for the next request). */
  code: number | null;
  /** The command exited: this channel cannot answer again. */
  closed: boolean;
  /** It had answered earlier requests (a served command that went away, not a one-shot). */
  reused: boolean;
  /**
   * Why the answer ended before its "served" frame although the node kept talking: over the
   * byte limit, or bytes that are not frames. The channel is closed; `out` is what was read.
   */
  cutOff: string | null;
}

/**
 * A fixed command kept running on a held connection's channel that answers one request line
 * with length-prefixed frames ending in the empty frame "served" (`collect --serve`,
 * lib/ssh/frames). One request at a time: the caller (SshPool) queues them. A command that
 * exits instead of answering (sudo refusing, a forced command that prints once) still yields
 * what it printed and its exit code, so callers see the same result as from a one-shot exec.
 *
 * The end of an answer is found by walking frame headers (each frame's length says where the
 * next starts), never by searching the data, so nothing a frame carries can end an answer.
 * Output is bounded: past `maxBytes` the channel is closed and the answer is what was read.
 */
export class ServedChannel {
  private readonly out: ByteBuffer;
  /** Where the next frame header starts in `out` (frames before it are complete). */
  private scanAt = 0;
  private errBytes = new ByteBuffer(MAX_STDERR_BYTES);
  private waiter: ((answer: ServedAnswer) => void) | null = null;
  closed = false;
  private code: number | null = null;
  private answered = 0;
  private cutOff: string | null = null;

  private constructor(
    readonly client: Client,
    private readonly stream: ClientChannel,
    private readonly spec: ServedCommand,
    maxBytes: number,
  ) {
    this.out = new ByteBuffer(maxBytes);
    stream.on("data", (d: Buffer) => this.received(d));
    stream.stderr.on("data", (d: Buffer) => this.errBytes.append(d));
    // A write to a channel the node already closed: the close event reports what it printed.
    stream.on("error", () => this.close());
    stream.on("close", (code: number | null) => {
      this.closed = true;
      this.code = code ?? null;
      // Without a request under way the output stays for ask() to return.
      if (this.waiter) this.settle(this.out.take(this.out.size), this.code, true);
    });
  }

  static open(client: Client, spec: ServedCommand, maxBytes: number): Promise<ServedChannel> {
    return new Promise((resolve, reject) => {
      client.exec(spec.command, (err, stream) =>
        err ? reject(err) : resolve(new ServedChannel(client, stream, spec, maxBytes)),
      );
    });
  }

  /** Sends the request line; resolves with the answer (never rejects: see close()). */
  ask(): Promise<ServedAnswer> {
    // What came before a request (sudo refusing, a forced command's output) is kept: it is
    // the answer of a command that does not serve.
    if (this.closed)
      return Promise.resolve(this.answer(this.out.take(this.out.size), this.code, true));
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
    if (this.cutOff) return;
    if (!this.out.append(chunk)) {
      return this.stop(
        `output over limit: the node sent more than ${describeBytes(this.out.limit)} for one read (OVNSCOPE_NODE_OUTPUT_MAX_BYTES); the channel was closed and what was read is shown`,
      );
    }
    const view = this.out.view();
    for (;;) {
      const read = readHeader(view, this.scanAt);
      if (read.kind === "incomplete") return;
      if (read.kind === "garbled") return this.stop(read.why);
      const { header } = read;
      if (header.end > view.length) return; // the rest of this frame is still on its way
      if (header.name === SERVED_FRAME) {
        const answer = this.out.take(this.scanAt, header.end - this.scanAt);
        this.scanAt = 0;
        this.answered += 1;
        return this.settle(answer, null, false);
      }
      this.scanAt = header.end;
    }
  }

  /** The node's output cannot be read on (too much, or not frames): answer with what came. */
  private stop(why: string): void {
    this.cutOff = why;
    const out = this.out.take(this.out.size);
    this.close();
    this.settle(out, null, true);
  }

  private answer(out: Buffer, code: number | null, closed: boolean): ServedAnswer {
    const stderr = this.errBytes.take(this.errBytes.size).toString("utf8");
    // An answer given on close counts as reused when earlier requests were answered.
    const reused = closed ? this.answered > 0 : this.answered > 1;
    return { out, stderr, code, closed, reused, cutOff: this.cutOff };
  }

  private settle(out: Buffer, code: number | null, closed: boolean): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(this.answer(out, code, closed));
  }
}
