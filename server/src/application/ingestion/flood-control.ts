import { performance } from 'node:perf_hooks';
import type { Logger } from './ports.js';

export interface SamplerOptions {
  /** Requests that pass per key and window; the rest are counted. */
  passPerWindow: number;
  windowMs: number;
  /** Keys remembered at most; past it, keys whose window has ended are forgotten. */
  maxKeys?: number;
  /** Milliseconds on a monotonic clock (tests drive it). */
  now?: () => number;
}

export interface Sample {
  pass: boolean;
  /** For a request that passes: how many before it did not pass since the last one that did. */
  skippedBefore: number;
}

interface Window {
  startedAt: number;
  seen: number;
  /** Requests that did not pass and were not yet reported by one that passed. */
  skipped: number;
}

/**
 * Per key (a webhook), lets the first `passPerWindow` requests of each window pass and counts the others; the
 * next one that passes carries the count. Used to log requests that reach no active webhook one by one while
 * they are few, and as a count under a flood.
 */
export class WindowSampler {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: SamplerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  take(key: string): Sample {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window) {
      this.forgetEndedWindows(now);
      window = { startedAt: now, seen: 0, skipped: 0 };
      this.windows.set(key, window);
    } else if (now - window.startedAt >= this.options.windowMs) {
      window.startedAt = now;
      window.seen = 0;
    }
    window.seen++;
    if (window.seen > this.options.passPerWindow) {
      window.skipped++;
      return { pass: false, skippedBefore: 0 };
    }
    const skippedBefore = window.skipped;
    window.skipped = 0;
    return { pass: true, skippedBefore };
  }

  private forgetEndedWindows(now: number): void {
    if (this.windows.size < this.maxKeys) return;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.options.windowMs) this.windows.delete(key);
    }
    // Still full (a flood over as many keys within one window): forget the oldest.
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
  }
}

/**
 * Counts requests answered without a request log (refused by the rate limit, shed under load, NOT_ROUTABLE past
 * the sample), and writes one server log line per period with the counts, instead of one per request.
 */
export class RefusalReport {
  private counts = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly periodMs = 10_000,
  ) {
    this.timer = setInterval(() => this.flush(), periodMs);
    this.timer.unref();
  }

  /** One more request of `kind` (e.g. "rate-limited") for `subject` (a webhook id, or "*" for the server). */
  count(kind: string, subject: string): void {
    const key = `${kind} ${subject}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Writes the counts gathered since the last line, if any. */
  flush(): void {
    if (this.counts.size === 0) return;
    const refused: Record<string, Record<string, number>> = {};
    for (const [key, count] of this.counts) {
      const [kind, subject] = key.split(' ');
      (refused[kind] ??= {})[subject] = count;
    }
    this.counts = new Map();
    this.logger.warn(
      { refused, periodMs: this.periodMs },
      'ingestion: requests answered without a request log (counted per webhook)',
    );
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
