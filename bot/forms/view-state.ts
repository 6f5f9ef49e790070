/** A view's submitted state as Slack sends it: block id → action id → value. */
export type ViewStateValues = Record<
  string,
  Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null }>
>;

/** The value of a block's (only) input: typed text or the chosen option; "" when empty. */
export function inputValue(values: ViewStateValues, blockId: string): string {
  const block = values[blockId];
  if (!block) return "";
  for (const element of Object.values(block)) {
    if (element.selected_option) return element.selected_option.value;
    if (typeof element.value === "string") return element.value.trim();
  }
  return "";
}
