import type { Logger } from "./logger.ts";

/** Error codes and messages that mean "the other side cannot be reached", not "this operation failed". */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  "P1001",
  "P1002",
  "P1017",
]);
const UNREACHABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|Connection is closed|Connection terminated|connect ETIMEDOUT|Stream isn't writeable|max retries per request|Can't reach database|Connection refused|timeout exceeded when trying to connect/i;

/** Whether an error says a dependency is unreachable (as opposed to a failure of one operation). */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.some(isUnreachable)) return true;
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error && isUnreachable(cause)) return true;
  return UNREACHABLE_MESSAGE.test(error.message);
}

/**
 * The reachability of one dependency (Redis at REDIS_URL, PostgreSQL at DATABASE_URL) as one
 * process sees it through all its connections. Losing it is one warning naming the variable,
 * repeated at most every `repeatMs` while it stays lost; getting it back is one line. Every
 * connection error in between is counted, not logged, so an outage never floods the log.
 */
export class DependencyWatch {
  private readonly lostBy = new Set<object>();
  /** A warning was said and the dependency has not been back since. */
  private outage = false;
  private lastWarningAt = 0;
  private suppressed = 0;

  constructor(
    readonly variable: string,
    readonly name: string,
    /** What users notice while it is lost, appended to the warning. */
    private readonly consequence: string,
    private readonly logger: Logger,
    private readonly repeatMs = 30_000,
  ) {}

  /** True unless a watched connection is lost. */
  get available(): boolean {
    return this.lostBy.size === 0;
  }

  /** `source` (a connection, a poller) cannot reach the dependency. */
  lost(source: object, error: unknown): void {
    this.lostBy.add(source);
    this.warn(error);
  }

  /** `source` reaches the dependency again; once none is lost, one line says it is back. */
  restored(source: object): void {
    this.lostBy.delete(source);
    if (!this.outage || !this.available) return;
    this.logger.info(
      { dependency: this.name, variable: this.variable, errorsWhileLost: this.suppressed },
      `${this.name} is reachable again (${this.variable})`,
    );
    this.outage = false;
    this.suppressed = 0;
  }

  /**
   * An operation failed because the dependency could not be reached, with no connection state
   * to track (a worker's internal connection): part of the same outage, warned at most every `repeatMs`.
   */
  failed(error: unknown): void {
    this.warn(error);
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (this.outage && now - this.lastWarningAt < this.repeatMs) {
      this.suppressed++;
      return;
    }
    const reason = error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? error.name) : String(error);
    const still = this.outage;
    this.outage = true;
    this.lastWarningAt = now;
    this.logger.warn(
      { dependency: this.name, variable: this.variable, reason, ...(still ? { errorsSinceLastWarning: this.suppressed } : {}) },
      still
        ? `${this.name} is still unreachable (${this.variable}): ${reason}; retrying`
        : `${this.name} is unreachable (${this.variable}): ${reason}; retrying, ${this.consequence}`,
    );
    this.suppressed = 0;
  }
}

/** Both dependencies of a process, shared by all its connections. */
export interface DependencyWatches {
  redis: DependencyWatch;
  database: DependencyWatch;
}

export function dependencyWatches(logger: Logger, repeatMs?: number): DependencyWatches {
  return {
    redis: new DependencyWatch("REDIS_URL", "Redis", "leads are still accepted and delivered once it is back", logger, repeatMs),
    database: new DependencyWatch("DATABASE_URL", "PostgreSQL", "leads cannot be stored until it is back", logger, repeatMs),
  };
}
