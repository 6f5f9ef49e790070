import type { EnvelopeType, FakeSocketMode } from "../fakes/slack-socket-mode.ts";
import type { SlackRequest, SlackResponse, SlackTransport } from "./slack-driver.ts";

/**
 * Slack's requests as Socket Mode envelopes (the SlackDriver's other transport): a slash command's
 * form fields and an interaction's payload as JSON objects, an event callback as it is. The ack's
 * payload plays the HTTP answer's body; Slack only reads it where the envelope says it accepts one
 * (slash commands, view submissions), so elsewhere the response has no body.
 */
export class SocketModeTransport implements SlackTransport {
  constructor(readonly server: FakeSocketMode) {}

  async send(request: SlackRequest): Promise<SlackResponse> {
    const [type, payload, accepts] = envelopeOf(request);
    const ack = await this.server.deliver(type, payload, accepts);
    const body = accepts && Object.keys(ack.payload).length ? ack.payload : null;
    return { status: 200, text: body ? JSON.stringify(body) : "", json: body };
  }
}

function envelopeOf(request: SlackRequest): [EnvelopeType, Record<string, unknown>, boolean] {
  switch (request.kind) {
    case "command":
      return ["slash_commands", request.fields, true];
    case "interactive": {
      const type = request.payload.type;
      return ["interactive", request.payload, type === "view_submission" || type === "block_suggestion"];
    }
    case "event":
      return ["events_api", request.body, false];
  }
}
