import { readFile } from "node:fs/promises";
import { Client, type ClientChannel, type ConnectConfig } from "ssh2";
import { fingerprintOf } from "@/lib/inventory/known-hosts";
import {
  ByteBuffer,
  DEFAULT_MAX_ANSWER_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  describeBytes,
  LineSplitter,
  MAX_STDERR_BYTES,
} from "./bounded";
import type { NodeCommand, ServedCommand } from "./command";
import { ServedChannel } from "./served-channel";

export interface SshTarget {
  name: string;
  address: string;
  port: number;
  user: string;
  keyFile: string;
  /** Pinned SHA256 fingerprints; the node is refused unless it presents one of them. */
  hostKeys: string[];
}

/** Why a node could not be used: the words the UI shows, and the class it sorts by. */
export type SshFailureKind = "unreachable" | "refused" | "denied";

export class SshError extends Error {
  constructor(
    readonly kind: SshFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "SshError";
  }
}

/**
 * Structural check rather than instanceof: a module loaded twice (ESM and CommonJS copies under
 * tsx) would otherwise turn a refused host key into a generic "unreachable".
 */
export function isSshError(err: unknown): err is SshError {
  return (
    err instanceof Error && err.name === "SshError" && typeof (err as SshError).kind === "string"
  );
}

export interface ExecResult {
  /** stdout as the node sent it: framed output is read as bytes (frame lengths count bytes). */
  out: Buffer;
  /** The same, decoded (commands whose output is text, such as recovery actions). */
  stdout: string;
  stderr: string;
  code: number | null;
  /**
   * Set when the output was cut off before it ended (over the byte limit, or not frames where a
   * served answer must be): the channel was closed and `out` holds what was read.
   */
  cutOff: string | null;
}

/** How a followed stream (stream()) ended. */
export interface StreamEnd {
  /** Set when ovnscope ended it because a line was over the limit. */
  overLimit: string | null;
}

export interface PoolOptions {
  /** Longest a node may take, connect included; a slow node costs at most this. */
  timeoutMs: number;
  keepaliveIntervalMs: number;
  /** Reconnect backoff: first wait, doubled per failure up to max. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Most bytes one exec or served answer may send (see lib/ssh/bounded). */
  maxAnswerBytes: number;
  /** Longest line of a followed stream. */
  maxLineBytes: number;
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  timeoutMs: 8000,
  keepaliveIntervalMs: 5000,
  backoffMs: 1000,
  maxBackoffMs: 15000,
  maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
};

interface Entry {
  target: SshTarget;
  client: Client | null;
  connecting: Promise<Client> | null;
  lastError: SshError | null;
  failures: number;
  retryTimer: NodeJS.Timeout | null;
  /** Served commands kept running on this connection, by command line. */
  served: Map<string, ServedChannel>;
  /** The last request per served command: requests on one channel go one at a time. */
  queue: Map<string, Promise<unknown>>;
}

/**
 * One held SSH connection per node (ssh2), reused by every refresh. Host keys are verified
 * against the pins; a mismatch refuses the node. A failed node is retried in the background
 * with backoff, and while it is down exec() fails at once instead of costing its timeout on
 * every refresh. Held connections can later also carry long-running streams (monitors).
 */
export class SshPool {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(readonly options: PoolOptions = DEFAULT_POOL_OPTIONS) {}

  /**
   * Runs one command; `timeoutMs` (default the pool's) bounds connect + run. A node in
   * background reconnect fails at once, unless `reconnectNow` (a recovery step must not fail
   * on an earlier refresh's timeout: it reconnects and waits instead).
   */
  async exec(
    target: SshTarget,
    command: NodeCommand,
    options: {
      timeoutMs?: number;
      reconnectNow?: boolean;
      /**
       * The command waits on something else than the node (neutron-query on the Neutron API,
       * which can be slow while its uWSGI workers load): past the deadline only its channel
       * is closed, the node's connection is kept, and the error says the command was slow.
       */
      slowIsNotDown?: boolean;
    } = {},
  ): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    const client = await this.connection(target, deadline, options.reconnectNow ?? false);
    return this.run(target, client, command, deadline, options.slowIsNotDown ?? false);
  }

  /**
   * One answer from a served command (`collect --serve`) kept running on the held connection:
   * no SSH session and no process start per call. Opened on first use and again whenever it
   * exited or its connection was replaced. `timeoutMs` bounds connect + answer; a node that
   * does not answer in time is treated as by exec(): channel and connection dropped,
   * reconnect in the background.
   */
  async request(
    target: SshTarget,
    spec: ServedCommand,
    options: { timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    const entry = this.entry(target);
    const previous = entry.queue.get(spec.command) ?? Promise.resolve();
    const mine = previous
      .catch(() => undefined)
      .then(() =>
        this.ask(entry, spec, Date.now() + (options.timeoutMs ?? this.options.timeoutMs)),
      );
    entry.queue.set(spec.command, mine);
    try {
      return await mine;
    } finally {
      if (entry.queue.get(spec.command) === mine) entry.queue.delete(spec.command);
    }
  }

  private async ask(
    entry: Entry,
    spec: ServedCommand,
    deadline: number,
    retry = true,
  ): Promise<ExecResult> {
    const { target } = entry;
    const timeoutMs = deadline - Date.now();
    const client = await this.connection(target, deadline, false);
    let channel = entry.served.get(spec.command);
    let timer: NodeJS.Timeout | undefined;
    // The deadline covers opening the channel as well as the answer.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const error = new SshError("unreachable", silence(target, timeoutMs));
          // Rejected before the channel is closed: closing it settles its answer with the
          // partial output, which must not win the race and pass for a reply.
          reject(error);
          channel?.close();
          this.drop(target, client, error);
        },
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      if (!channel || channel.closed || channel.client !== client) {
        channel?.close();
        channel = await Promise.race([this.openServed(target, client, spec), timedOut]);
        entry.served.set(spec.command, channel);
      }
      const answer = await Promise.race([channel.ask(), timedOut]);
      const result = (code: number | null): ExecResult => ({
        out: answer.out,
        stdout: answer.out.toString("utf8"),
        stderr: answer.stderr,
        code,
        cutOff: answer.cutOff,
      });
      if (!answer.closed) return result(0);
      entry.served.delete(spec.command);
      clearTimeout(timer);
      // Cut off (too much, or not frames): that is the answer; the next read opens a new one.
      if (answer.cutOff) return result(null);
      // It had served before and went away (killed on the node, connection dropped): ask a
      // new one once. A new one that exits at once answered like a one-shot exec (sudo
      // refusing, a forced command): that is its answer.
      if (answer.reused && retry) return await this.ask(entry, spec, deadline, false);
      if (answer.code === null && !answer.out.length && !answer.stderr)
        throw this.drop(target, client, `${target.name} closed the channel unanswered`);
      return result(answer.code);
    } finally {
      clearTimeout(timer);
    }
  }

  private async openServed(
    target: SshTarget,
    client: Client,
    spec: ServedCommand,
  ): Promise<ServedChannel> {
    try {
      return await ServedChannel.open(client, spec, this.options.maxAnswerBytes);
    } catch (err) {
      throw this.drop(target, client, `exec on ${target.name} failed: ${(err as Error).message}`);
    }
  }

  /**
   * Keeps a command running on the held connection and hands over its output line by line
   * (`collect --watch`). Resolves once the channel is open; `ended` settles when it ends
   * (the command exited, the connection dropped, close(), or a line over maxLineBytes, which
   * ends it and says so). Watching is best effort: the caller reopens it, and its refreshes
   * still run on their interval meanwhile.
   */
  async stream(
    target: SshTarget,
    command: NodeCommand,
    onLine: (line: string) => void,
    options: { timeoutMs?: number } = {},
  ): Promise<{ close(): void; ended: Promise<StreamEnd> }> {
    const deadline = Date.now() + (options.timeoutMs ?? this.options.timeoutMs);
    const client = await this.connection(target, deadline, false);
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      client.exec(command, (err, stream) =>
        err
          ? reject(new SshError("unreachable", `exec on ${target.name} failed: ${err.message}`))
          : resolve(stream),
      ),
    );
    let overLimit: string | null = null;
    const lines = new LineSplitter(this.options.maxLineBytes, onLine);
    channel.on("data", (d: Buffer) => {
      if (overLimit || lines.push(d)) return;
      overLimit = `output over limit: a line longer than ${describeBytes(this.options.maxLineBytes)} from ${command.split(" ").slice(-2).join(" ")}; the stream was ended`;
      channel.close();
    });
    channel.stderr.on("data", () => undefined);
    channel.on("error", () => channel.close());
    const ended = new Promise<StreamEnd>((resolve) =>
      channel.on("close", () => resolve({ overLimit })),
    );
    return {
      close: () => {
        channel.end();
        channel.close();
      },
      ended,
    };
  }

  /** Drops every connection (server shutdown, tests). */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      if (entry.retryTimer) clearTimeout(entry.retryTimer);
      for (const channel of entry.served.values()) channel.close();
      entry.client?.end();
    }
    this.entries.clear();
  }

  private entry(target: SshTarget): Entry {
    const key = `${target.name}|${target.user}@${target.address}:${target.port}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        target,
        client: null,
        connecting: null,
        lastError: null,
        failures: 0,
        retryTimer: null,
        served: new Map(),
        queue: new Map(),
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async connection(target: SshTarget, deadline: number, now: boolean): Promise<Client> {
    const entry = this.entry(target);
    if (entry.client) return entry.client;
    // A node that failed is being retried in the background (waiting, or connecting now):
    // answer with its last error at once instead of waiting for that attempt.
    if (entry.lastError && (entry.retryTimer || entry.connecting) && !now) throw entry.lastError;
    if (now && entry.retryTimer) {
      clearTimeout(entry.retryTimer);
      entry.retryTimer = null;
    }
    entry.connecting ??= this.connect(entry, deadline);
    return entry.connecting;
  }

  private async connect(entry: Entry, deadline: number): Promise<Client> {
    const { target } = entry;
    try {
      const client = await this.handshake(target, Math.max(1000, deadline - Date.now()));
      entry.client = client;
      entry.failures = 0;
      entry.lastError = null;
      client.on("close", () => {
        if (entry.client === client) entry.client = null;
      });
      return client;
    } catch (err) {
      const error = isSshError(err) ? err : new SshError("unreachable", (err as Error).message);
      entry.lastError = error;
      entry.failures += 1;
      this.scheduleRetry(entry);
      throw error;
    } finally {
      entry.connecting = null;
    }
  }

  /**
   * A held connection failed (no channel, no answer in time): end it, reconnect in the
   * background with backoff, and return the error for the caller to throw, so later calls fail
   * at once instead of waiting out the timeout again.
   */
  private drop(target: SshTarget, client: Client, why: string | SshError): SshError {
    client.end();
    const error = typeof why === "string" ? new SshError("unreachable", why) : why;
    this.markFailed(target, client, error);
    return error;
  }

  /** A held connection stopped answering: forget it and retry in the background with backoff. */
  private markFailed(target: SshTarget, client: Client, error: SshError): void {
    const entry = this.entry(target);
    if (entry.client === client) entry.client = null;
    entry.lastError = error;
    entry.failures += 1;
    if (!entry.retryTimer && !entry.connecting) this.scheduleRetry(entry);
  }

  private scheduleRetry(entry: Entry): void {
    if (this.closed) return;
    const wait = Math.min(
      this.options.maxBackoffMs,
      this.options.backoffMs * 2 ** (entry.failures - 1),
    );
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null;
      entry.connecting ??= this.connect(entry, Date.now() + this.options.timeoutMs);
      entry.connecting.catch(() => {}); // a failed retry schedules the next one itself
    }, wait);
    entry.retryTimer.unref();
  }

  private async handshake(target: SshTarget, timeoutMs: number): Promise<Client> {
    let privateKey: Buffer;
    try {
      privateKey = await readFile(target.keyFile);
    } catch (err) {
      throw new SshError(
        "denied",
        `cannot read SSH key ${target.keyFile}: ${(err as NodeJS.ErrnoException).code}`,
      );
    }
    return new Promise((resolve, reject) => {
      const client = new Client();
      let presented: string | null = null;
      const config: ConnectConfig = {
        host: target.address,
        port: target.port,
        username: target.user,
        privateKey,
        readyTimeout: timeoutMs,
        keepaliveInterval: this.options.keepaliveIntervalMs,
        keepaliveCountMax: 2,
        hostVerifier: (key: Buffer) => {
          presented = fingerprintOf(key);
          return target.hostKeys.includes(presented);
        },
      };
      client
        .once("ready", () => resolve(client))
        .once("error", (err: Error & { level?: string; code?: string }) => {
          client.end();
          if (presented && !target.hostKeys.includes(presented)) {
            reject(
              new SshError(
                "refused",
                `host key mismatch: ${target.address} presented ${presented}, the inventory pins ${target.hostKeys.join(", ")}`,
              ),
            );
          } else if (err.level === "client-authentication") {
            reject(
              new SshError("denied", `SSH login as ${target.user} refused (key not accepted)`),
            );
          } else if (err.level === "client-timeout") {
            reject(
              new SshError(
                "unreachable",
                `no SSH answer from ${target.address}:${target.port} within ${Math.round(timeoutMs / 1000)} s`,
              ),
            );
          } else {
            reject(
              new SshError(
                "unreachable",
                `cannot reach ${target.address}:${target.port}: ${err.code ?? err.message}`,
              ),
            );
          }
        })
        .connect(config);
      // Requests and answers are single messages: without this, Nagle holds a request back
      // until the node acknowledges the last packet, which its delayed ACK does after 40 ms
      // (measured on the lab: 73 → 38 ms for one node's read).
      client.setNoDelay(true);
    });
  }

  private run(
    target: SshTarget,
    client: Client,
    command: NodeCommand,
    deadline: number,
    slowIsNotDown = false,
  ): Promise<ExecResult> {
    const timeoutMs = deadline - Date.now();
    return new Promise((resolve, reject) => {
      let channel: ClientChannel | null = null;
      const timer = setTimeout(
        () => {
          channel?.close();
          reject(
            slowIsNotDown && channel
              ? new SshError(
                  "unreachable",
                  `${command.split(" ")[0]!.split("/").pop()} on ${target.name} did not finish within ${Math.round(timeoutMs / 1000)} s (the node answers; what it waits on is slow)`,
                )
              : this.drop(target, client, silence(target, timeoutMs)),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
      client.exec(command, (err, stream) => {
        if (err) {
          clearTimeout(timer);
          return reject(this.drop(target, client, `exec on ${target.name} failed: ${err.message}`));
        }
        channel = stream;
        const out = new ByteBuffer(this.options.maxAnswerBytes);
        const errOut = new ByteBuffer(MAX_STDERR_BYTES);
        let cutOff: string | null = null;
        stream.on("data", (d: Buffer) => {
          if (cutOff || out.append(d)) return;
          cutOff = `output over limit: the node sent more than ${describeBytes(out.limit)} (OVNSCOPE_NODE_OUTPUT_MAX_BYTES); the channel was closed and what was read is shown`;
          stream.close();
        });
        stream.stderr.on("data", (d: Buffer) => errOut.append(d));
        stream.on("close", (code: number | null) => {
          clearTimeout(timer);
          const bytes = out.take(out.size);
          resolve({
            out: bytes,
            stdout: bytes.toString("utf8"),
            stderr: errOut.take(errOut.size).toString("utf8"),
            code: cutOff ? null : (code ?? null),
            cutOff,
          });
        });
      });
    });
  }
}

function silence(target: SshTarget, timeoutMs: number): string {
  return `${target.name} did not answer within ${Math.round(timeoutMs / 1000)} s`;
}
