/**
 * The screenshots of one knight run: taken through Orgo, stored in the
 * `FrameStore`, announced on the `FramePublisher`, and shown to the model
 * scaled to its screen (kept in memory for the few steps the context shows).
 */
import type { ImagePart } from "../models/index.ts";
import type { KnightRuntime } from "./loop.ts";
import { imageForModel, type Size } from "./scale.ts";
import type { StepRow } from "./steps.ts";
import type { ReadyVm } from "./vms.ts";

/** A screenshot that was stored. */
export type Screen = { frameId: string; bytes: Buffer };

/** Screens for one task on one VM. */
export function createScreens(
  rt: Pick<KnightRuntime, "orgo" | "frames" | "publisher" | "logger">,
  ctx: {
    task: { id: string; customer_id: string };
    employeeId: string;
    display: Size;
    /** The VM now (it may be brought back up mid-run). */
    vm: () => ReadyVm;
    signal: AbortSignal;
  },
) {
  const images = new Map<string, ImagePart>();
  const remember = (id: string, part: ImagePart) => {
    images.set(id, part);
    // A few more than the context shows.
    while (images.size > 8) images.delete(images.keys().next().value!);
    return part;
  };
  const forModel = (bytes: Buffer, contentType: string, size: Size): ImagePart => {
    const scaled = imageForModel(bytes, contentType, size, ctx.display);
    return {
      type: "image",
      mediaType: contentType === "image/jpeg" ? "image/jpeg" : "image/png",
      data: scaled.bytes.toString("base64"),
    };
  };

  return {
    /** Takes, stores and publishes a screenshot of the screen after step `seq` (0: before any). */
    async capture(seq: number): Promise<Screen> {
      const vm = ctx.vm();
      const shot = await rt.orgo.screenshot(vm.computerId, { signal: ctx.signal });
      const { id } = await rt.frames.put({
        customerId: ctx.task.customer_id,
        taskId: ctx.task.id,
        vmId: vm.id,
        bytes: shot.bytes,
        contentType: shot.contentType,
        width: shot.width,
        height: shot.height,
      });
      remember(id, forModel(shot.bytes, shot.contentType, shot));
      await rt.publisher
        .publish({
          frameId: id,
          customerId: ctx.task.customer_id,
          taskId: ctx.task.id,
          employeeId: ctx.employeeId,
          vmId: vm.id,
          seq,
          contentType: shot.contentType,
          width: shot.width,
          height: shot.height,
          at: new Date(),
          bytes: shot.bytes,
        })
        .catch((err) => rt.logger.warn({ err }, "frame publish failed"));
      return { frameId: id, bytes: shot.bytes };
    },

    /** A stored frame as the model sees it. */
    async image(frameId: string): Promise<ImagePart | undefined> {
      const known = images.get(frameId);
      if (known) return known;
      const frame = await rt.frames.get(frameId);
      // Only this customer's screens ever reach this customer's model context.
      if (!frame || frame.customerId !== ctx.task.customer_id) return undefined;
      return remember(frameId, forModel(frame.bytes, frame.contentType, frame));
    },

    /** The newest stored screen of the task (for the final message after a resume). */
    async lastFrame(
      steps: readonly StepRow[],
      firstFrameId: string | null,
    ): Promise<Screen | undefined> {
      const id = steps.findLast((s) => s.frame_id)?.frame_id ?? firstFrameId;
      if (!id) return undefined;
      const frame = await rt.frames.get(id);
      return frame && frame.customerId === ctx.task.customer_id
        ? { frameId: id, bytes: frame.bytes }
        : undefined;
    },
  };
}
