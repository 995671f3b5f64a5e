/**
 * One browser's live stream: events from the live view written as SSE,
 * newest-wins (a slow connection skips screens it had no time for rather
 * than queueing them), never the same screen twice (also across reconnects:
 * each frame's id is its SHA-256, which EventSource sends back as
 * Last-Event-ID).
 */
import type { SSEStreamingApi } from "hono/streaming";
import type { FramePayload, LiveEvent, LiveSink } from "./events.ts";

/** A sink writing to `stream`; `lastEventId` is what the browser already shows. */
export function createSseSink(
  stream: SSEStreamingApi,
  { lastEventId }: { lastEventId?: string } = {},
): { sink: LiveSink; sent: () => number } {
  let shownSha = lastEventId;
  let frame: FramePayload | undefined;
  let step: string | undefined;
  let shownStep: string | undefined;
  let ping = false;
  let pumping = false;
  let sent = 0;

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        if (step !== undefined) {
          const data = step;
          step = undefined;
          if (data !== shownStep) {
            shownStep = data;
            await stream.writeSSE({ event: "step", data });
          }
        } else if (frame) {
          const next = frame;
          frame = undefined;
          if (next.sha256 !== shownSha) {
            shownSha = next.sha256;
            await stream.writeSSE({ event: "frame", id: next.sha256, data: JSON.stringify(next) });
            sent++;
          }
        } else if (ping) {
          ping = false;
          await stream.writeSSE({ event: "ping", data: "{}" });
        } else break;
        if (stream.aborted || stream.closed) break;
      }
    } finally {
      pumping = false;
    }
  };

  const sink: LiveSink = (event: LiveEvent) => {
    if (event.type === "frame") frame = event.frame;
    else if (event.type === "step") step = JSON.stringify({ step: event.step });
    else ping = true;
    void pump();
  };
  return { sink, sent: () => sent };
}
