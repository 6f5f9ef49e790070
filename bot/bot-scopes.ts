/** The bot token scopes leadrelay asks for (keep bot/manifest.json in step). */
export const BOT_SCOPES = ["chat:write", "commands", "im:write", "users:read", "users:read.email", "channels:read", "groups:read"] as const;
