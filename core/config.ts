import { z } from "zod";
import { parseIpNetworkList, type IpNetwork } from "./outbound/ip-network.ts";
import { parseKeyring } from "./crypto/secret-box.ts";

/** Every environment variable leadrelay reads. README.md documents each one. */
const booleanFlag = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const secondsList = z
  .string()
  .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, "a comma-separated list of seconds, e.g. 5,30,120")
  .transform((v) => v.split(",").map((s) => Number(s.trim())));

const networkList = z.string().transform((text, ctx): IpNetwork[] => {
  try {
    return parseIpNetworkList(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/leadrelay"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z.string().min(1).default("leadrelay"),
  ENCRYPTION_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `auto`: readable lines when stdout is a terminal, JSON otherwise; `pretty` / `json` force one. */
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  RUN_WORKERS: booleanFlag.default(true),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  INTERACTIVE_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(5),
  DELIVERY_RETRY_SCHEDULE: secondsList.default([5, 30, 120, 600, 1800, 3600, 7200]),
  DELIVERY_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  DESTINATION_UNHEALTHY_AFTER_HOURS: z.coerce.number().min(0.0001).default(24),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * Longest an intake process keeps a flow/source it read. Changes reach every process at once
   * over Redis pub/sub; this only bounds staleness when such a message was missed.
   */
  SOURCE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2_000),
  INTAKE_MAX_WAIT_SECONDS: z.coerce.number().int().min(0).max(120).default(30),
  /** Replayed leads of one destination are handed to the bulk lane at most this many a second (never ahead of test leads). */
  REPLAY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1_000).default(20),
  /** At most this many leads per replay request (the oldest first); ask again for the rest. */
  REPLAY_MAX_LEADS: z.coerce.number().int().min(1).max(100_000).default(10_000),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default("leadrelay <no-reply@leadrelay.local>"),
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  IDENTITY_API_KEY: z.string().min(24, "at least 24 characters (a random secret)").optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  /** Socket Mode's app-level token; a bot token here would be refused by Slack on every reconnect attempt, forever. */
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "an app-level token (xapp-…, scope connections:write), not a bot token (xoxb-…)")
    .optional(),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z.string().optional(),
  SLACK_API_URL: z.url().default("https://slack.com/api/"),
  /** Notify worker (Slack alerts, test-lead results): jobs at once per process. */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /** Failures (or successes) of one destination for one reason within this window are one alert message. */
  ALERT_BURST_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** A burst's message is updated with its new count at most this often. */
  ALERT_UPDATE_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** At most one message per Slack channel per this many ms (Slack allows about one a second). */
  SLACK_CHANNEL_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** How long a Slack modal submit waits for a check (destination verify) before showing "Checking…". */
  SLACK_ACK_BUDGET_MS: z.coerce.number().int().min(0).max(2_900).default(2_500),
  /** A client must send a request's headers within this long, or gets 408 and the connection is closed. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** A client must send a whole request (headers and body) within this long, or gets 408 and the connection is closed. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** An idle keep-alive connection is closed after this long. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** On SIGTERM/SIGINT, the process exits after at most this long, whatever is still running or unreachable. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  HUBSPOT_API_URL: z.url().default("https://api.hubapi.com"),
  SALESFORCE_LOGIN_URL: z.url().default("https://login.salesforce.com"),
  /** Failed authentications (wrong posting, account or identity key) per client address, and per source, per minute. */
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Invitations (API and `/leadrelay invite`) per account per hour. */
  RATE_LIMIT_INVITATIONS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry instead of the socket's. */
  TRUST_PROXY: booleanFlag.default(false),
  /** Ranges tenant-chosen hosts (webhooks, Salesforce My Domain / instance) may reach although private or loopback. */
  OUTBOUND_ALLOWED_NETWORKS: networkList.default([]),
});

export type Env = z.input<typeof envSchema>;
export type Config = z.output<typeof envSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once; throws a ConfigError naming every missing or bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.NODE_ENV === "production" && !config.ENCRYPTION_KEY) {
    problems.push("ENCRYPTION_KEY: required when NODE_ENV=production (32 random bytes, base64)");
  }
  if (config.ENCRYPTION_KEY) {
    try {
      parseKeyring(config.ENCRYPTION_KEY);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push("HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS");
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...config, PUBLIC_URL: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` };
}

/**
 * LOG_LEVEL and LOG_FORMAT alone, for commands that need no other setting (`npm run migrate`);
 * a bad value throws a ConfigError naming it.
 */
export function loadLogSettings(env: Record<string, string | undefined> = process.env): Pick<Config, "LOG_LEVEL" | "LOG_FORMAT"> {
  const parsed = envSchema
    .pick({ LOG_LEVEL: true, LOG_FORMAT: true })
    .safeParse({ LOG_LEVEL: env.LOG_LEVEL || undefined, LOG_FORMAT: env.LOG_FORMAT || undefined });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  return parsed.data;
}

/** How the Slack bot runs, derived from the SLACK_* variables; `enabled: false` says what is missing. */
export type SlackBotSettings =
  | { enabled: false; reason: string }
  | {
      enabled: true;
      install: { kind: "token"; botToken: string } | { kind: "oauth"; clientId: string; clientSecret: string; stateSecret: string };
      transport: { kind: "http"; signingSecret: string } | { kind: "socket"; appToken: string; signingSecret: string | null };
    };

const SLACK_OFF_HINT =
  "set SLACK_SIGNING_SECRET with SLACK_BOT_TOKEN (one workspace) or with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (OAuth install); add SLACK_APP_TOKEN to use Socket Mode instead of the /slack/events URL";

/**
 * Single workspace: SLACK_BOT_TOKEN. Multi-workspace: SLACK_CLIENT_ID + SLACK_CLIENT_SECRET +
 * SLACK_STATE_SECRET (wins over a bot token). Transport: Socket Mode with SLACK_APP_TOKEN, else
 * HTTP at /slack/events verified with SLACK_SIGNING_SECRET.
 */
export function slackBotSettings(config: Config): SlackBotSettings {
  const oauthVars = {
    SLACK_CLIENT_ID: config.SLACK_CLIENT_ID,
    SLACK_CLIENT_SECRET: config.SLACK_CLIENT_SECRET,
    SLACK_STATE_SECRET: config.SLACK_STATE_SECRET,
  };
  const oauthMissing = Object.entries(oauthVars)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  const anySlack = config.SLACK_BOT_TOKEN || config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET || oauthMissing.length < 3;
  if (!anySlack) return { enabled: false, reason: `Slack bot is off: ${SLACK_OFF_HINT}` };
  if (oauthMissing.length > 0 && oauthMissing.length < 3) {
    return {
      enabled: false,
      reason: `Slack bot is off: OAuth install also needs ${oauthMissing.join(", ")} (or unset the SLACK_CLIENT_* variables and use SLACK_BOT_TOKEN)`,
    };
  }
  const install =
    oauthMissing.length === 0
      ? {
          kind: "oauth" as const,
          clientId: config.SLACK_CLIENT_ID!,
          clientSecret: config.SLACK_CLIENT_SECRET!,
          stateSecret: config.SLACK_STATE_SECRET!,
        }
      : config.SLACK_BOT_TOKEN
        ? { kind: "token" as const, botToken: config.SLACK_BOT_TOKEN }
        : null;
  if (!install) return { enabled: false, reason: `Slack bot is off: ${SLACK_OFF_HINT}` };
  if (config.SLACK_APP_TOKEN) {
    return {
      enabled: true,
      install,
      transport: { kind: "socket", appToken: config.SLACK_APP_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET ?? null },
    };
  }
  if (!config.SLACK_SIGNING_SECRET) {
    return {
      enabled: false,
      reason: "Slack bot is off: set SLACK_SIGNING_SECRET (to verify requests at /slack/events) or SLACK_APP_TOKEN (Socket Mode)",
    };
  }
  return { enabled: true, install, transport: { kind: "http", signingSecret: config.SLACK_SIGNING_SECRET } };
}
