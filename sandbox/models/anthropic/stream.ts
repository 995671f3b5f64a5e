import type { SseEvent } from "../sse.ts";
import type { AnthropicMessageBody } from "./render.ts";

const TEXT_CHUNK = 24;
const JSON_CHUNK = 16;

/**
 * The event sequence the Messages API streams for a message: message_start
 * (empty content, stop_reason null), ping, per block content_block_start /
 * deltas (text_delta, or input_json_delta after an empty tool input) /
 * content_block_stop, then message_delta with the stop reason and cumulative
 * usage, then message_stop.
 */
export function anthropicStreamEvents(message: AnthropicMessageBody): SseEvent[] {
  const { usage } = message;
  const events: SseEvent[] = [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          ...message,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      },
    },
    { event: "ping", data: { type: "ping" } },
  ];
  message.content.forEach((block, index) => {
    if (block.type === "text") {
      events.push({
        event: "content_block_start",
        data: { type: "content_block_start", index, content_block: { ...block, text: "" } },
      });
      for (const text of chunks(block.text, TEXT_CHUNK)) {
        events.push({
          event: "content_block_delta",
          data: { type: "content_block_delta", index, delta: { type: "text_delta", text } },
        });
      }
    } else {
      events.push({
        event: "content_block_start",
        data: { type: "content_block_start", index, content_block: { ...block, input: {} } },
      });
      for (const partial_json of ["", ...chunks(JSON.stringify(block.input), JSON_CHUNK)]) {
        events.push({
          event: "content_block_delta",
          data: {
            type: "content_block_delta",
            index,
            delta: { type: "input_json_delta", partial_json },
          },
        });
      }
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  });
  events.push(
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: {
          stop_reason: message.stop_reason,
          stop_sequence: message.stop_sequence,
          stop_details: null,
        },
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: usage.cache_creation_input_tokens,
          cache_read_input_tokens: usage.cache_read_input_tokens,
          output_tokens: usage.output_tokens,
          server_tool_use: null,
        },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}
