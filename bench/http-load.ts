// A small HTTP/1.1 load generator for `bench/web.ts`: keep-alive connections on raw sockets,
// one request in flight per connection, and only as much parsing as counting needs (status
// line, Content-Length, body length). It runs on the same machine as the server it measures,
// so every microsecond it spends is one the server does not get: no http module, no header
// objects, no body strings.
import { connect, type Socket } from 'node:net';

/** One GET, written once as bytes and sent again and again. */
export interface Target {
  readonly name: string;
  readonly path: string;
  /** The `Cookie` header's value, for a logged-in page. */
  readonly cookie?: string;
}

/** What a run measured for one target. */
export interface LoadStats {
  readonly name: string;
  readonly requests: number;
  /** Responses that were not 200, or connections that failed. */
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Size of the last response's body, to show what was measured. */
  readonly bodyBytes: number;
}

interface Response {
  readonly status: number;
  readonly bodyBytes: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/** A keep-alive connection sending one request at a time and reading just enough of each response. */
class Connection {
  readonly #socket: Socket;
  #pending: { resolve: (r: Response) => void; reject: (e: Error) => void } | undefined;
  #head: Buffer | undefined;
  #status = 0;
  #bodyLeft = -1;
  #bodyBytes = 0;
  #closed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const close = (error?: Error) => {
      this.#closed = error ?? new Error('the server closed the connection');
      this.#pending?.reject(this.#closed);
      this.#pending = undefined;
    };
    socket.on('error', close);
    socket.on('close', () => close());
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  send(request: Buffer): Promise<Response> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#head = undefined;
      this.#bodyLeft = -1;
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    if (this.#bodyLeft < 0) {
      const head = this.#head ? Buffer.concat([this.#head, chunk]) : chunk;
      const end = head.indexOf(HEADER_END);
      if (end < 0) {
        this.#head = head;
        return;
      }
      const headers = head.toString('latin1', 0, end);
      this.#status = Number(headers.slice(9, 12));
      const length = this.#status === 204 || this.#status === 304 ? ['', '0'] : CONTENT_LENGTH.exec(headers);
      if (!length) {
        this.#fail(new Error(`a response without Content-Length (status ${this.#status})`));
        return;
      }
      this.#bodyBytes = Number(length[1]);
      this.#bodyLeft = this.#bodyBytes - (head.length - end - 4);
    } else {
      this.#bodyLeft -= chunk.length;
    }
    if (this.#bodyLeft <= 0) {
      const pending = this.#pending;
      this.#pending = undefined;
      this.#bodyLeft = -1;
      pending?.resolve({ status: this.#status, bodyBytes: this.#bodyBytes });
    }
  }

  #fail(error: Error): void {
    this.#pending?.reject(error);
    this.#pending = undefined;
    this.#socket.destroy();
  }
}

function requestBytes(target: Target, port: number): Buffer {
  const cookie = target.cookie ? `Cookie: ${target.cookie}\r\n` : '';
  return Buffer.from(`GET ${target.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\n${cookie}\r\n`, 'latin1');
}

/** Records latencies (ms) and errors of one target. */
class Recorder {
  readonly latencies: number[] = [];
  errors = 0;
  bodyBytes = 0;
  recording = false;

  record(ms: number, response: Response): void {
    if (!this.recording) return;
    if (response.status !== 200) this.errors += 1;
    this.latencies.push(ms);
    this.bodyBytes = response.bodyBytes;
  }

  stats(name: string, seconds: number): LoadStats {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
    return {
      name,
      requests: sorted.length,
      errors: this.errors,
      seconds,
      requestsPerSecond: sorted.length / seconds,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
      bodyBytes: this.bodyBytes,
    };
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closed loop: `connections` keep-alive connections each send the next request as soon as the
 * last answer arrived, for `warmupMs` unrecorded and then `durationMs` recorded. Latency is
 * from writing a request to reading the last byte of its answer.
 */
export async function closedLoop(port: number, target: Target, options: { connections: number; warmupMs: number; durationMs: number }): Promise<LoadStats> {
  const request = requestBytes(target, port);
  const recorder = new Recorder();
  const connections = await Promise.all(Array.from({ length: options.connections }, () => Connection.open(port)));
  let stop = false;
  let failure: unknown;
  const loops = connections.map(async (connection) => {
    try {
      while (!stop) {
        const started = performance.now();
        const response = await connection.send(request);
        recorder.record(performance.now() - started, response);
      }
    } catch (error) {
      failure ??= error;
      stop = true;
    }
  });
  await sleep(options.warmupMs);
  recorder.recording = true;
  const started = performance.now();
  await sleep(options.durationMs);
  recorder.recording = false;
  const seconds = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(loops);
  for (const connection of connections) connection.close();
  if (failure) throw new Error(`${target.name}: ${failure instanceof Error ? failure.message : String(failure)}`);
  return recorder.stats(target.name, seconds);
}

/** A running open-loop load; `stop()` ends it and returns what it measured since `startRecording()`. */
export interface SteadyLoad {
  startRecording(): void;
  stop(): Promise<LoadStats[]>;
}

/**
 * Open loop: each target is requested `ratePerSecond` times a second on a schedule, over
 * `connectionsPerTarget` connections, whatever the server's speed. Latency is measured from
 * the scheduled time, so a request delayed because the server was slow to answer the one
 * before counts its wait (no coordinated omission).
 */
export async function steadyLoad(port: number, targets: readonly Target[], options: { ratePerSecond: number; connectionsPerTarget: number }): Promise<SteadyLoad> {
  const interval = (options.connectionsPerTarget * 1000) / options.ratePerSecond;
  const recorders = targets.map(() => new Recorder());
  const all: Connection[] = [];
  let stop = false;
  let failure: unknown;
  let recordingSince = 0;
  const loops: Promise<void>[] = [];
  for (const [t, target] of targets.entries()) {
    const request = requestBytes(target, port);
    for (let c = 0; c < options.connectionsPerTarget; c++) {
      const connection = await Connection.open(port);
      all.push(connection);
      const first = performance.now() + (c * 1000) / options.ratePerSecond + (t * 1000) / options.ratePerSecond / targets.length;
      loops.push(
        (async () => {
          try {
            for (let next = first; !stop; next += interval) {
              const wait = next - performance.now();
              if (wait > 1) await sleep(wait);
              if (stop) break;
              const response = await connection.send(request);
              recorders[t]!.record(performance.now() - next, response);
            }
          } catch (error) {
            failure ??= error;
            stop = true;
          }
        })(),
      );
    }
  }
  return {
    startRecording() {
      recordingSince = performance.now();
      for (const recorder of recorders) recorder.recording = true;
    },
    async stop() {
      const seconds = (performance.now() - recordingSince) / 1000;
      for (const recorder of recorders) recorder.recording = false;
      stop = true;
      await Promise.all(loops);
      for (const connection of all) connection.close();
      if (failure) throw new Error(`steady load: ${failure instanceof Error ? failure.message : String(failure)}`);
      return targets.map((target, t) => recorders[t]!.stats(target.name, seconds));
    },
  };
}
