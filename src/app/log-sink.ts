import { write as fsWrite } from 'node:fs';
import { Socket } from 'node:net';

/** Bytes of log lines held while the consumer is slow; beyond that, lines are dropped and counted. */
export const DEFAULT_LOG_BUFFER_BYTES = 1024 * 1024;
/** How often, at most, a "log lines dropped" record is written once the consumer drains again. */
export const DROP_REPORT_INTERVAL_MS = 10_000;

/** Where the bytes go: a write that calls back when done (or failed), never blocking the caller. */
interface Output {
  write(data: string, done: (error?: Error | null) => void): void;
}

export interface LogSinkOptions {
  readonly maxBufferedBytes?: number;
  readonly reportIntervalMs?: number;
  readonly clock?: () => number;
}

/**
 * A log destination that can neither block the event loop nor hold unbounded memory (issue 12).
 *
 * Node writes to a pipe on stdout synchronously on Linux: a log reader that stops reading would
 * stop the whole server, and pino's own flush on exit would then never return. This sink writes
 * asynchronously, one chunk at a time, and holds at most `maxBufferedBytes` meanwhile; lines
 * beyond that are dropped and counted. Once the consumer drains again, it writes a record saying
 * how many lines were lost (at most once per `reportIntervalMs`). A closed stdout drops
 * everything, silently: there is nobody to tell.
 */
export class BoundedLogSink {
  readonly #output: Output;
  readonly #maxBufferedBytes: number;
  readonly #reportIntervalMs: number;
  readonly #clock: () => number;
  #pending: string[] = [];
  #pendingBytes = 0;
  #writing = false;
  #closed = false;
  #droppedTotal = 0;
  #droppedUnreported = 0;
  #lastReport = -Infinity;
  readonly #drainWaiters = new Set<() => void>();

  constructor(output: Output, options: LogSinkOptions = {}) {
    this.#output = output;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_LOG_BUFFER_BYTES;
    this.#reportIntervalMs = options.reportIntervalMs ?? DROP_REPORT_INTERVAL_MS;
    this.#clock = options.clock ?? Date.now;
  }

  /** Lines dropped since start (for `/metrics`). */
  get dropped(): number {
    return this.#droppedTotal;
  }

  /** Bytes waiting to be written. */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  /** pino's destination interface: one serialised line, newline included. Never blocks. */
  write(line: string): boolean {
    if (this.#closed || this.#pendingBytes + line.length > this.#maxBufferedBytes) {
      this.#droppedTotal += 1;
      this.#droppedUnreported += 1;
      return false;
    }
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    this.#pump();
    return true;
  }

  /**
   * Resolves once everything buffered is written, or after `deadlineMs` whatever the consumer
   * does: the exit path must never wait on a pipe without a deadline.
   */
  flush(deadlineMs: number): Promise<void> {
    if (!this.#writing && this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#drainWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, deadlineMs);
      this.#drainWaiters.add(done);
    });
  }

  #pump(): void {
    if (this.#writing || this.#closed) return;
    if (this.#pending.length === 0) {
      if (!this.#reportDrops()) for (const waiter of [...this.#drainWaiters]) waiter();
      return;
    }
    const chunk = this.#pending.join('');
    this.#pending = [];
    this.#writing = true;
    this.#output.write(chunk, (error) => {
      this.#writing = false;
      this.#pendingBytes -= chunk.length;
      if (error) return this.#close();
      this.#pump();
    });
  }

  /** Writes the "N log lines dropped" record when it is due; true when it did. */
  #reportDrops(): boolean {
    const now = this.#clock();
    if (this.#droppedUnreported === 0 || now - this.#lastReport < this.#reportIntervalMs) return false;
    const count = this.#droppedUnreported;
    this.#droppedUnreported = 0;
    this.#lastReport = now;
    // pino's shape (level 40 = warn), so collectors parse it like every other line.
    const record = { level: 40, time: now, msg: `${count} log lines dropped: the log consumer did not keep up`, droppedLines: count };
    const line = `${JSON.stringify(record)}\n`;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    this.#pump();
    return true;
  }

  /** The consumer is gone (EPIPE): drop what is held and everything after. */
  #close(): void {
    this.#closed = true;
    this.#droppedTotal += this.#pending.length;
    this.#pending = [];
    this.#pendingBytes = 0;
    for (const waiter of [...this.#drainWaiters]) waiter();
  }

  /** Reports drops that happened while nothing more is logged (called by a timer). */
  tick(): void {
    this.#pump();
  }
}

/**
 * The sink on file descriptor `fd` (1: stdout). A pipe gets its own non-blocking libuv handle,
 * so a stalled reader costs buffered bytes, never a blocked thread; a file or terminal is written
 * with asynchronous `fs.write`. A timer reports drops even when nothing more is logged.
 */
export function openLogSink(fd: number, options: LogSinkOptions = {}): BoundedLogSink {
  const sink = new BoundedLogSink(outputFor(fd), options);
  setInterval(() => sink.tick(), options.reportIntervalMs ?? DROP_REPORT_INTERVAL_MS).unref();
  return sink;
}

function outputFor(fd: number): Output {
  let socket: Socket;
  try {
    // Throws for anything but a pipe or socket (a file, a terminal).
    socket = new Socket({ fd, readable: false, writable: true });
  } catch {
    return { write: (data, done) => fsWrite(fd, data, (error) => done(error)) };
  }
  socket.on('error', () => undefined); // EPIPE arrives in the write callback too
  // The handle must not keep the process alive, nor its buffered bytes delay an exit.
  socket.unref();
  return { write: (data, done) => void socket.write(data, done) };
}
