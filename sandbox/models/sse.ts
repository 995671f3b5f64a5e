/** One server-sent event. */
export type SseEvent = { event: string; data: unknown };

/** Formats events as an SSE body; `dataOnly` drops the `event:` lines (OpenAI style). */
export function sseBody(
  events: readonly SseEvent[],
  { dataOnly = false } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const { event, data } of events) {
        const payload = typeof data === "string" ? data : JSON.stringify(data);
        controller.enqueue(
          encoder.encode(
            dataOnly ? `data: ${payload}\n\n` : `event: ${event}\ndata: ${payload}\n\n`,
          ),
        );
      }
      controller.close();
    },
  });
}
