import { exitGracefullyOnSignal, loadProcessConfig, startupFailureMessage } from "../core/process-lifecycle.ts";
import { startService } from "./service.ts";

/** `npm start`: the HTTP API and, unless RUN_WORKERS=false, the delivery workers. */
const { config, logger } = loadProcessConfig();

const service = await startService(config, logger).catch((error: unknown) => {
  logger.fatal(startupFailureMessage(error, config));
  process.exit(1);
});
logger.info({ url: service.url, publicUrl: config.PUBLIC_URL, workers: Boolean(service.runtime) }, "leadrelay is listening");
if (!service.slack.enabled) {
  logger.info(service.slack.reason);
} else {
  const { install, transport } = service.slack;
  logger.info(
    {
      workspaces: install.kind === "oauth" ? "OAuth install (/slack/install)" : "one workspace (SLACK_BOT_TOKEN)",
      transport: transport.kind === "socket" ? "Socket Mode" : `${config.PUBLIC_URL.replace(/\/$/, "")}/slack/events`,
    },
    "Slack bot is on",
  );
}

exitGracefullyOnSignal(logger, () => service.close(), config.SHUTDOWN_TIMEOUT_MS);
