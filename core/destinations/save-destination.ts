import { lockAccount } from "../accounts/lock-account.ts";
import { assertPlanAllowsAnother } from "../accounts/plan-limits.ts";
import { secretHint } from "../crypto/secret-token.ts";
import type { Prisma } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import type { Integration, VerifyProblem, VerifyResult } from "../integrations/integration.ts";
import { findIntegration } from "../integrations/registry.ts";
import type { FieldMapping } from "../mappings/field-mapping.ts";
import { findMappingTemplateProblems } from "../mappings/render-mappings.ts";
import { addFlowStep } from "../flows/add-flow-step.ts";
import { notFound, Refusal } from "../refusal.ts";
import type { DestinationDeps } from "./destination-deps.ts";
import { healthColumnsOnSave, saveEndsWaiting, healthyAgainColumns } from "./destination-health.ts";
import type { DestinationInput, DestinationUpdate } from "./destination-input.ts";
import { toDestinationView, type DestinationView } from "./destination-view.ts";
import { resumeWaitingDeliveries, type ResumeOptions } from "./resume-waiting-deliveries.ts";

export type SaveDestinationResult =
  | { ok: true; destination: DestinationView; verified: VerifyResult | null; resumedDeliveryIds: string[] }
  | { ok: false; problems: VerifyProblem[] };

interface Candidate {
  integration: Integration;
  name: string;
  description: string | null;
  authMethod: string | null;
  action: string;
  settings: Record<string, unknown>;
  mappings: FieldMapping[];
  credentials: Record<string, string>;
}

/**
 * Creates a destination after checking it the way a delivery would use it: settings, action,
 * mapping templates, required credentials, then the integration's own `verify` (a cheap
 * authenticated call). Problems come back per input, so the API and the Slack modal can show
 * each one where it belongs; nothing is stored until there are none. A partner account gets
 * one destination, attached to its one flow.
 */
export async function createDestination(
  deps: DestinationDeps,
  accountId: string,
  input: DestinationInput,
  options: { verify?: boolean } = {},
): Promise<SaveDestinationResult> {
  const integration = findIntegration(input.integration);
  if (!integration)
    throw new Refusal("invalid", "unknown_integration", `Unknown integration ${input.integration}: use one of GET /integrations`);
  const candidate: Candidate = {
    integration,
    name: input.name,
    description: input.description ?? null,
    authMethod: input.auth_method ?? integration.authMethods[0]?.id ?? null,
    action: input.action ?? integration.actions[0]!.id,
    settings: input.settings,
    mappings: input.mappings ?? integration.defaultMappings,
    credentials: input.credentials ?? {},
  };
  const checked = await checkCandidate(deps, candidate, "new", options.verify ?? true);
  if (!checked.ok) return checked;

  const { row, flowIds } = await deps.prisma.$transaction(async (tx) => {
    const account = await lockAccount(tx, accountId);
    if (!account) throw notFound("account");
    assertPlanAllowsAnother(account.plan, "destination", await tx.destination.count({ where: { accountId } }));
    const flowIds = input.flow_id
      ? [(await tx.flow.findFirst({ where: { id: input.flow_id, accountId }, select: { id: true } }))?.id ?? throwNotFound("flow")]
      : account.plan === "partner"
        ? (await tx.flow.findMany({ where: { accountId }, select: { id: true } })).map((f) => f.id)
        : [];
    const destination = await tx.destination.create({
      data: {
        id: newId(),
        accountId,
        ...storedFields(deps, checked.candidate),
        ...healthColumnsOnSave(checked.awaitingAuthorization === true, null),
      },
    });
    for (const flowId of flowIds) await addFlowStep(tx, flowId, destination.id);
    return { row: destination, flowIds };
  });
  // The flows' next leads, in every process, go to the new destination too.
  await deps.sourceChanges.changed(flowIds);
  return { ok: true, destination: toDestinationView(row), verified: checked.verified, resumedDeliveryIds: [] };
}

/**
 * Edits a destination; credentials left out keep their stored values. The change applies to
 * the next delivery attempt (deliveries read the destination when they run), so nothing in
 * flight is lost. A destination that was unhealthy or disabled is healthy again once its new
 * configuration verifies, and the deliveries that waited for it run now (their ids are returned).
 */
export async function updateDestination(
  deps: DestinationDeps,
  accountId: string,
  destinationId: string,
  update: DestinationUpdate,
  options: { verify?: boolean; resume?: ResumeOptions } = {},
): Promise<SaveDestinationResult> {
  const existing = await deps.prisma.destination.findFirst({ where: { id: destinationId, accountId } });
  if (!existing) throw notFound("destination");
  const integration = findIntegration(existing.integration);
  if (!integration) throw new Refusal("conflict", "unknown_integration", `Integration ${existing.integration} is no longer available`);
  const stored = existing.credentials ? deps.secretBox.openJson<Record<string, string>>(existing.credentials) : {};
  const credentials = { ...stored };
  for (const [name, value] of Object.entries(update.credentials ?? {})) {
    if (value === "") delete credentials[name];
    else credentials[name] = value;
  }
  const candidate: Candidate = {
    integration,
    name: update.name ?? existing.name,
    description: update.description === undefined ? existing.description : update.description,
    authMethod: update.auth_method === undefined ? existing.authMethod : update.auth_method,
    action: update.action ?? existing.action,
    settings: update.settings ?? (existing.settings as Record<string, unknown>),
    mappings: update.mappings ?? (existing.mappings as FieldMapping[]),
    credentials,
  };
  const checked = await checkCandidate(deps, candidate, destinationId, options.verify ?? true);
  if (!checked.ok) return checked;

  const row = await deps.prisma.destination.update({
    where: { id: destinationId },
    data: {
      ...storedFields(deps, checked.candidate),
      version: { increment: 1 },
      ...healthColumnsOnSave(checked.awaitingAuthorization === true, existing.unhealthySince),
    },
  });
  const resumedDeliveryIds = saveEndsWaiting(existing.health, checked.awaitingAuthorization === true)
    ? await resumeWaitingDeliveries(deps, destinationId, options.resume)
    : [];
  return { ok: true, destination: toDestinationView(row), verified: checked.verified, resumedDeliveryIds };
}

/**
 * Marks a destination healthy again without changing it (the "Retry" after fixing the endpoint)
 * and runs the deliveries that waited for it.
 */
export async function resumeDestination(deps: DestinationDeps, accountId: string, destinationId: string, options: ResumeOptions = {}) {
  const existing = await deps.prisma.destination.findFirst({ where: { id: destinationId, accountId }, select: { health: true } });
  if (!existing) throw notFound("destination");
  const row = await deps.prisma.destination.update({
    where: { id: destinationId },
    data: healthyAgainColumns(),
  });
  return { destination: toDestinationView(row), resumedDeliveryIds: await resumeWaitingDeliveries(deps, destinationId, options) };
}

async function checkCandidate(
  deps: DestinationDeps,
  candidate: Candidate,
  destinationId: string,
  verify: boolean,
): Promise<
  | { ok: true; candidate: Candidate; verified: VerifyResult | null; awaitingAuthorization?: boolean }
  | { ok: false; problems: VerifyProblem[] }
> {
  const { integration } = candidate;
  const problems: VerifyProblem[] = [];
  // Secret settings (webhook header values) given back masked stand for their stored values.
  const revealed = integration.secretSettings?.reveal(candidate.settings, candidate.credentials);
  if (revealed) {
    candidate = { ...candidate, settings: revealed.settings };
    problems.push(...revealed.problems);
  }
  const settings = integration.settingsSchema.safeParse(candidate.settings);
  if (!settings.success) {
    for (const issue of settings.error.issues) problems.push({ field: `settings.${issue.path.join(".")}`, message: issue.message });
  }
  if (!integration.actions.some((a) => a.id === candidate.action)) {
    problems.push({ field: "action", message: `Choose one of: ${integration.actions.map((a) => a.id).join(", ")}` });
  }
  const authMethod = integration.authMethods.find((m) => m.id === candidate.authMethod);
  if (integration.authMethods.length && !authMethod) {
    problems.push({ field: "auth_method", message: `Choose one of: ${integration.authMethods.map((m) => m.id).join(", ")}` });
  }
  if (settings.success && integration.preflight) {
    problems.push(
      ...integration.preflight({
        settings: settings.data,
        authMethod: candidate.authMethod,
        credentials: candidate.credentials,
        outbound: deps.endpoints.outbound,
      }),
    );
  }
  for (const field of authMethod?.fields ?? []) {
    if (!field.optional && !field.obtainedByOAuth && !candidate.credentials[field.name])
      problems.push({ field: field.name, message: `Enter the ${field.label}` });
  }
  const awaitingAuthorization = (authMethod?.fields ?? []).some((f) => f.obtainedByOAuth && !f.optional && !candidate.credentials[f.name]);
  for (const problem of findMappingTemplateProblems(candidate.mappings)) problems.push({ field: "mappings", message: problem.message });
  if (problems.length) return { ok: false, problems };
  const parsed = { ...candidate, settings: (settings.data ?? {}) as Record<string, unknown> };
  if (!verify) return { ok: true, candidate: parsed, verified: null };
  // Nothing to check yet: the buyer still has to authorize; deliveries wait for it.
  if (awaitingAuthorization) return { ok: true, candidate: parsed, verified: null, awaitingAuthorization: true };

  const credentials = { ...parsed.credentials };
  const verified = await integration.verify({
    destination: {
      id: destinationId,
      name: parsed.name,
      action: parsed.action,
      authMethod: parsed.authMethod,
      settings: parsed.settings,
      mappings: parsed.mappings,
    },
    credentials,
    endpoints: deps.endpoints,
    timeoutMs: deps.timeoutMs,
    saveCredentials: async (fresh) => {
      Object.assign(credentials, fresh);
    },
  });
  if (!verified.ok) return { ok: false, problems: verified.problems };
  return { ok: true, candidate: { ...parsed, credentials }, verified };
}

function storedFields(deps: DestinationDeps, candidate: Candidate) {
  const fields = candidate.integration.authMethods.flatMap((m) => m.fields);
  const secretNames = new Set(fields.filter((f) => f.secret).map((f) => f.name));
  const declaredNames = new Set(fields.map((f) => f.name));
  // Secret settings move into the sealed credentials; the stored settings keep masks only.
  const { settings, credentials } = candidate.integration.secretSettings?.conceal(candidate.settings, candidate.credentials) ?? candidate;
  // Hints name declared credential fields only (never the entries secret settings keep in there).
  const hints = Object.fromEntries(
    Object.entries(credentials)
      .filter(([name]) => declaredNames.has(name))
      .map(([name, value]) => [name, secretNames.has(name) ? secretHint(value) : value]),
  );
  return {
    integration: candidate.integration.id,
    name: candidate.name,
    description: candidate.description,
    authMethod: candidate.authMethod,
    action: candidate.action,
    settings: settings as Prisma.InputJsonObject,
    mappings: candidate.mappings,
    credentials: Object.keys(credentials).length ? deps.secretBox.sealJson(credentials) : null,
    credentialsHint: JSON.stringify(hints),
  };
}

function throwNotFound(what: string): never {
  throw notFound(what);
}
