import type { CurrentStep } from "../../api/data/work.ts";

/** A screen as sent to browsers: the image inline (base64), so one stream carries everything. */
export type FramePayload = {
  sha256: string;
  contentType: string;
  width: number | null;
  height: number | null;
  source: "poll" | "knight" | "customer";
  capturedAt: string;
  taskId: string | null;
  seq: number | null;
  data: string;
};

/** What a live viewer receives. */
export type LiveEvent =
  | { type: "frame"; vmId: string; frame: FramePayload }
  | { type: "step"; vmId: string; step: CurrentStep | null }
  | { type: "ping" };

/** Receives a VM's events; must return at once and never throw (slow browsers buffer on their own side). */
export type LiveSink = (event: LiveEvent) => void;
