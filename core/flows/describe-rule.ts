import type { LeadRule } from "./flow-config.ts";

/** An acceptance rule in words for a seller ("State must be one of: TX, CA"), with the rejection reason it gives. */
export function describeRule(rule: LeadRule, label: string): string {
  const condition = ((): string => {
    switch (rule.operator) {
      case "is blank":
        return `${label} must be blank`;
      case "is not blank":
        return `${label} is required`;
      case "format is valid":
        return `${label} must be present and valid`;
      case "is equal to":
        return `${label} must be ${rule.value}`;
      case "is included in":
        return `${label} must be one of: ${rule.values.join(", ")}`;
      case "is not a duplicate":
        return `${label} must not repeat a lead of the last ${rule.within_days} days (otherwise "Duplicate")`;
    }
  })();
  return rule.reason ? `${condition} (otherwise rejected with "${rule.reason}")` : condition;
}
