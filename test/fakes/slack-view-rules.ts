import { isRecord } from "./fake-http-server.ts";

/**
 * Slack's rules for a view (modal or App Home) as views.open / views.push / views.update /
 * views.publish enforce them. Each broken rule is one message in Slack's own shape:
 * `[ERROR] <what> [json-pointer:/view/...]`; the fake answers `invalid_arguments` with them
 * in `response_metadata.messages`, as Slack does.
 *
 * Slack's action_id rule is "unique among the action_ids of its block" (the same action_id in
 * two input blocks is allowed and common: the block_id tells them apart); this checks that.
 */

export const VIEW_LIMITS = {
  modalText: 24,
  blocks: 100,
  id: 255,
  privateMetadata: 3000,
  callbackId: 255,
  externalId: 255,
  options: 100,
  optionText: 75,
  optionValue: 150,
  buttonText: 75,
  buttonValue: 2000,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  initialValue: 3000,
} as const;

export function viewProblems(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const at = (pointer: string, what: string) => problems.push(`[ERROR] ${what} [json-pointer:/view${pointer}]`);
  const type = view.type;

  const plainText = (value: unknown, pointer: string, max: number, required: boolean) => {
    if (value === undefined || value === null) {
      if (required) at(pointer, "missing required field: text");
      return;
    }
    if (!isRecord(value) || value.type !== "plain_text") return at(pointer, "must be a plain_text object");
    if (typeof value.text !== "string" || value.text.length === 0) return at(`${pointer}/text`, "must be more than 0 characters");
    if (value.text.length > max) at(`${pointer}/text`, `must be less than ${max + 1} characters`);
  };
  const anyText = (value: unknown, pointer: string, max: number) => {
    if (!isRecord(value) || (value.type !== "plain_text" && value.type !== "mrkdwn"))
      return at(pointer, "must be a text object (plain_text or mrkdwn)");
    if (typeof value.text !== "string" || value.text.length === 0) return at(`${pointer}/text`, "must be more than 0 characters");
    if (value.text.length > max) at(`${pointer}/text`, `must be less than ${max + 1} characters`);
  };
  const maxString = (value: unknown, pointer: string, max: number) => {
    if (typeof value === "string" && value.length > max) at(pointer, `must be less than ${max + 1} characters`);
  };

  if (type === "modal") {
    plainText(view.title, "/title", VIEW_LIMITS.modalText, true);
    plainText(view.close, "/close", VIEW_LIMITS.modalText, false);
    plainText(view.submit, "/submit", VIEW_LIMITS.modalText, false);
  } else if (type === "home") {
    if (view.submit !== undefined && view.submit !== null) at("/submit", "home views cannot have a submit button");
    if (view.close !== undefined && view.close !== null) at("/close", "home views cannot have a close button");
  }
  maxString(view.private_metadata, "/private_metadata", VIEW_LIMITS.privateMetadata);
  maxString(view.callback_id, "/callback_id", VIEW_LIMITS.callbackId);
  maxString(view.external_id, "/external_id", VIEW_LIMITS.externalId);

  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.length > VIEW_LIMITS.blocks) at("/blocks", `no more than ${VIEW_LIMITS.blocks} items allowed`);
  if (type === "modal" && blocks.some((block) => isRecord(block) && block.type === "input") && !isRecord(view.submit)) {
    at("", "submit is required when the view has input blocks");
  }

  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const pointer = `/blocks/${index}`;
    if (!isRecord(block)) return at(pointer, "must be an object");
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== "string" || block.block_id.length === 0) at(`${pointer}/block_id`, "must be a non-empty string");
      else if (block.block_id.length > VIEW_LIMITS.id) at(`${pointer}/block_id`, `must be less than ${VIEW_LIMITS.id + 1} characters`);
      else if (blockIds.has(block.block_id)) at(`${pointer}/block_id`, `duplicate block_id: ${block.block_id}`);
      else blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    const element = (value: unknown, elementPointer: string) => {
      if (!isRecord(value)) return at(elementPointer, "must be an object");
      if (value.action_id !== undefined) {
        if (typeof value.action_id !== "string" || value.action_id.length === 0)
          at(`${elementPointer}/action_id`, "must be a non-empty string");
        else if (value.action_id.length > VIEW_LIMITS.id)
          at(`${elementPointer}/action_id`, `must be less than ${VIEW_LIMITS.id + 1} characters`);
        else if (actionIds.has(value.action_id)) at(`${elementPointer}/action_id`, `duplicate action_id: ${value.action_id}`);
        else actionIds.add(value.action_id);
      }
      elementRules(value, elementPointer);
    };
    const option = (value: unknown, optionPointer: string) => {
      if (!isRecord(value)) return at(optionPointer, "must be an object");
      plainText(value.text, `${optionPointer}/text`, VIEW_LIMITS.optionText, true);
      if (typeof value.value !== "string" || value.value.length === 0) at(`${optionPointer}/value`, "missing required field: value");
      else maxString(value.value, `${optionPointer}/value`, VIEW_LIMITS.optionValue);
      if (value.description !== undefined) plainText(value.description, `${optionPointer}/description`, VIEW_LIMITS.optionText, true);
    };
    const elementRules = (value: Record<string, unknown>, elementPointer: string) => {
      if (value.type === "button") {
        plainText(value.text, `${elementPointer}/text`, VIEW_LIMITS.buttonText, true);
        maxString(value.value, `${elementPointer}/value`, VIEW_LIMITS.buttonValue);
      }
      if (value.placeholder !== undefined) plainText(value.placeholder, `${elementPointer}/placeholder`, VIEW_LIMITS.placeholder, true);
      if (Array.isArray(value.options)) {
        if (value.options.length > VIEW_LIMITS.options)
          at(`${elementPointer}/options`, `no more than ${VIEW_LIMITS.options} items allowed`);
        value.options.forEach((o, i) => option(o, `${elementPointer}/options/${i}`));
      }
      if (value.initial_option !== undefined) option(value.initial_option, `${elementPointer}/initial_option`);
      maxString(value.initial_value, `${elementPointer}/initial_value`, VIEW_LIMITS.initialValue);
    };

    switch (block.type) {
      case "input":
        plainText(block.label, `${pointer}/label`, VIEW_LIMITS.label, true);
        if (block.hint !== undefined) plainText(block.hint, `${pointer}/hint`, VIEW_LIMITS.hint, true);
        if (block.element === undefined) at(pointer, "missing required field: element");
        else element(block.element, `${pointer}/element`);
        break;
      case "header":
        plainText(block.text, `${pointer}/text`, VIEW_LIMITS.headerText, true);
        break;
      case "section":
        if (block.text === undefined && block.fields === undefined) at(pointer, "must provide either text or fields");
        if (block.text !== undefined) anyText(block.text, `${pointer}/text`, VIEW_LIMITS.sectionText);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > VIEW_LIMITS.sectionFields)
            at(`${pointer}/fields`, `no more than ${VIEW_LIMITS.sectionFields} items allowed`);
          block.fields.forEach((field, i) => anyText(field, `${pointer}/fields/${i}`, VIEW_LIMITS.fieldText));
        }
        if (block.accessory !== undefined) element(block.accessory, `${pointer}/accessory`);
        break;
      case "actions":
        if (!Array.isArray(block.elements) || block.elements.length === 0) at(`${pointer}/elements`, "must provide at least 1 item");
        else {
          if (block.elements.length > VIEW_LIMITS.actionsElements)
            at(`${pointer}/elements`, `no more than ${VIEW_LIMITS.actionsElements} items allowed`);
          block.elements.forEach((e, i) => element(e, `${pointer}/elements/${i}`));
        }
        break;
      case "context":
        if (!Array.isArray(block.elements) || block.elements.length === 0) at(`${pointer}/elements`, "must provide at least 1 item");
        else if (block.elements.length > VIEW_LIMITS.contextElements)
          at(`${pointer}/elements`, `no more than ${VIEW_LIMITS.contextElements} items allowed`);
        break;
      case "divider":
      case "image":
      case "rich_text":
      case "video":
        break;
      default:
        at(`${pointer}/type`, "failed to match all allowed schemas");
    }
  });
  return problems;
}
