/**
 * Limits on what rendering one delivery's field mappings may produce. Every character a render
 * produces (a value turned into text, a helper's result, the output itself) is counted, so a
 * template can never do more work than the budget whatever the lead holds. The per-field cap
 * equals the intake's body limit: any value a seller can post fits in one field.
 */
export const MAX_MAPPING_OUTPUT_CHARS = 1024 * 1024;
export const MAX_DELIVERY_OUTPUT_CHARS = 4 * 1024 * 1024;
export const MAX_DELIVERY_WORK_CHARS = 16 * 1024 * 1024;

export class RenderLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderLimitError";
  }
}

export class RenderBudget {
  private output = 0;
  private work = 0;

  constructor(
    readonly limits = {
      mappingOutput: MAX_MAPPING_OUTPUT_CHARS,
      deliveryOutput: MAX_DELIVERY_OUTPUT_CHARS,
      deliveryWork: MAX_DELIVERY_WORK_CHARS,
    },
  ) {}

  /** Counts characters produced on the way to the output (values as text, helper results). */
  spend(chars: number): void {
    this.work += chars;
    if (this.work > this.limits.deliveryWork) {
      throw new RenderLimitError(
        `rendering the lead's fields produces more than ${this.limits.deliveryWork.toLocaleString("en-US")} characters`,
      );
    }
  }

  /** Counts a field's output; `fieldLength` is the field's length with this piece appended. */
  emit(chars: number, fieldLength: number): void {
    this.output += chars;
    if (fieldLength > this.limits.mappingOutput) {
      throw new RenderLimitError(`output is longer than ${this.limits.mappingOutput.toLocaleString("en-US")} characters`);
    }
    if (this.output > this.limits.deliveryOutput) {
      throw new RenderLimitError(`all fields together are longer than ${this.limits.deliveryOutput.toLocaleString("en-US")} characters`);
    }
  }
}
