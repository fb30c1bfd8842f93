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

/**
 * A fixed command kept running on a held connection's channel that answers one request line
 * with its output followed by a done line (`collect --serve`). One request at a time: the
 * caller (SshPool) queues them. A command that exits instead of answering (sudo refusing, a
 * forced command that prints once) still yields what it printed and its exit code, so callers
 * see the same result as from a one-shot exec.
 */
export class ServedChannel {
  private out = "";
  private err = "";
  private scanFrom = 0;
  private waiter: ((answer: ServedAnswer) => void) | null = null;
  closed = false;
  private code: number | null = null;
  private answered = 0;

  private constructor(
    readonly client: Client,
    private readonly stream: ClientChannel,
    private readonly spec: ServedCommand,
  ) {
    stream.on("data", (d: Buffer) => {
      this.out += d.toString("utf8");
      this.answerIfDone();
    });
    stream.stderr.on("data", (d: Buffer) => (this.err += d.toString("utf8")));
    // A write to a channel the node already closed: the close event reports what it printed.
    stream.on("error", () => this.close());
    stream.on("close", (code: number | null) => {
      this.closed = true;
      this.code = code ?? null;
      this.settle({
        stdout: this.out,
        stderr: this.err,
        code: this.code,
        closed: true,
        reused: this.answered > 0,
      });
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
    if (this.closed)
      return Promise.resolve({
        stdout: this.out,
        stderr: this.err,
        code: this.code,
        closed: true,
        reused: this.answered > 0,
      });
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

  private answerIfDone(): void {
    const marker = `\n${this.spec.done}\n`;
    // The done line may arrive split across chunks: look again from just before the new data.
    const at = `\n${this.out}`.indexOf(marker, this.scanFrom);
    if (at < 0) {
      this.scanFrom = Math.max(0, this.out.length - marker.length);
      return;
    }
    const stdout = this.out.slice(0, at);
    const stderr = this.err;
    // Each answer takes its output with it: the next one starts empty.
    this.out = this.out.slice(at + marker.length - 1);
    this.err = "";
    this.scanFrom = 0;
    this.answered += 1;
    this.settle({ stdout, stderr, code: null, closed: false, reused: this.answered > 1 });
  }

  private settle(answer: ServedAnswer): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(answer);
  }
}
