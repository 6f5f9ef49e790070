import type { Flow } from "../../prisma/generated/client.ts";
import { toSourceView, type SourceView, type SourceWithParties } from "../sources/source-view.ts";
import { leadRulesSchema, flowFieldsSchema, type LeadRule, type FlowField } from "./flow-config.ts";

export interface FlowView {
  id: string;
  name: string;
  enabled: boolean;
  fields: FlowField[];
  rules: LeadRule[];
  created_at: string;
  updated_at: string;
}

/** A recipient step: every lead the flow accepts is delivered to this destination. */
export interface FlowStepView {
  id: string;
  destination_id: string;
  destination_name: string;
  integration: string;
  position: number;
  enabled: boolean;
}

export interface FlowDetailView extends FlowView {
  sources: SourceView[];
  steps: FlowStepView[];
}

export function toFlowView(flow: Flow): FlowView {
  return {
    id: flow.id,
    name: flow.name,
    enabled: flow.enabled,
    fields: flowFieldsSchema.parse(flow.fields),
    rules: leadRulesSchema.parse(flow.rules),
    created_at: flow.createdAt.toISOString(),
    updated_at: flow.updatedAt.toISOString(),
  };
}

export type FlowWithParts = Flow & {
  sources: SourceWithParties[];
  steps: { id: string; destinationId: string; position: number; enabled: boolean; destination: { name: string; integration: string } }[];
};

export function toFlowDetailView(flow: FlowWithParts, publicUrl: string): FlowDetailView {
  return {
    ...toFlowView(flow),
    sources: flow.sources.map((source) => toSourceView(source, publicUrl)),
    steps: flow.steps.map((step) => ({
      id: step.id,
      destination_id: step.destinationId,
      destination_name: step.destination.name,
      integration: step.destination.integration,
      position: step.position,
      enabled: step.enabled,
    })),
  };
}
