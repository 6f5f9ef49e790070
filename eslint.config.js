import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "prisma/generated/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  { files: ["scripts/**", "bench/**", "test/**"], rules: { "no-console": "off" } },

  // The layering, enforced: core/ is the domain and knows no transport; server/, bot/ and jobs/
  // are adapters over core/ that do not reach into each other. The composition root
  // (server/service.ts wires the API, the bot and the workers into one process) is the exception.
  {
    files: ["core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server/**", "**/bot/**", "**/jobs/**", "../../slack/**", "../../../slack/**"],
              message: "core/ is the domain: it must not import an adapter (server/, bot/, jobs/, slack/).",
            },
            {
              group: ["hono", "hono/*", "@hono/*", "@slack/*", "bullmq", "ioredis"],
              message: "core/ knows nothing of HTTP, Slack or queues: take what you need as a dependency from the adapter.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/**"],
    ignores: ["server/service.ts", "server/app.ts", "server/slack/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/bot/**", "**/jobs/**"],
              message: "server/ adapters do not import bot/ or jobs/; wire them in the composition root (server/service.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["bot/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server/**", "**/jobs/**"],
              message: "bot/ does not import server/ or jobs/; take what it needs through BotDeps.",
            },
          ],
        },
      ],
    },
  },
  // The bot reads and writes through core/ use cases and queries (it hands them deps.prisma), so
  // what a listener does to the data is a named, reusable core function, never a query inline.
  {
    files: ["bot/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[object.type='MemberExpression'][object.property.name='prisma'], MemberExpression[object.type='Identifier'][object.name='prisma']",
          message: "bot/ queries through core/: call (or add) a core function and hand it deps.prisma.",
        },
      ],
    },
  },
  {
    files: ["jobs/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server/**", "**/bot/**"],
              message: "jobs/ does not import server/ or bot/; what notifications render lives in slack/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["slack/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/server/**", "**/bot/**", "**/jobs/**"],
              message: "slack/ is shared by bot/ and jobs/: it imports core/ and Slack's types only.",
            },
          ],
        },
      ],
    },
  },
);
