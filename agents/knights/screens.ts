/**
 * The screenshots of one knight run: taken through Orgo, stored in the
 * `FrameStore` in the transaction that records the step they follow,
 * announced on the `FramePublisher` once that committed, and shown to the
 * model scaled to its screen (kept in memory for the few steps the context
 * shows).
 */
import type { Statement, Tx } from "../../db/index.ts";
import type { ImagePart } from "../models/index.ts";
import { maxContextImages } from "./context.ts";
import {
  announcementOf,
  type FrameAnnouncement,
  type FrameEvent,
  type NewFrame,
} from "./frames.ts";
import type { KnightRuntime } from "./loop.ts";
import { imageForModel, type Size } from "./scale.ts";
import type { StepRow } from "./steps.ts";
import type { ReadyVm } from "./vms.ts";

/** A screenshot taken, not stored yet. */
export type Shot = {
  vmId: string;
  bytes: Buffer;
  contentType: string;
  width: number;
  height: number;
};

/** A screenshot that was stored. */
export type Screen = { frameId: string; bytes: Buffer };

/** Screens for one task on one VM. */
export function createScreens(
  rt: Pick<KnightRuntime, "orgo" | "frames" | "publisher" | "logger"> &
    Partial<Pick<KnightRuntime, "settings">>,
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
  // A few more than the context shows: one it shows but this map forgot is
  // read back from the frame store, scaled and encoded again at every step.
  const kept = maxContextImages(rt.settings ?? {}) + 2;
  const remember = (id: string, part: ImagePart) => {
    images.set(id, part);
    while (images.size > kept) images.delete(images.keys().next().value!);
    return part;
  };
  /** A shot as this task's frame, named `id` when the caller chose it in advance. */
  const frameOf = (shot: Shot, id?: string): NewFrame => ({
    ...(id ? { id } : {}),
    customerId: ctx.task.customer_id,
    taskId: ctx.task.id,
    vmId: shot.vmId,
    bytes: shot.bytes,
    contentType: shot.contentType,
    width: shot.width,
    height: shot.height,
  });
  const forModel = (bytes: Buffer, contentType: string, size: Size): ImagePart => {
    const scaled = imageForModel(bytes, contentType, size, ctx.display);
    return {
      type: "image",
      mediaType: contentType === "image/jpeg" ? "image/jpeg" : "image/png",
      data: scaled.bytes.toString("base64"),
    };
  };

  /** The live view's news of a shot stored as `frameId` after step `seq`. */
  const eventOf = (shot: Shot, frameId: string, seq: number): FrameEvent => ({
    frameId,
    customerId: ctx.task.customer_id,
    taskId: ctx.task.id,
    employeeId: ctx.employeeId,
    vmId: shot.vmId,
    seq,
    contentType: shot.contentType,
    width: shot.width,
    height: shot.height,
    at: new Date(),
    bytes: shot.bytes,
  });

  return {
    /** Takes a screenshot of the VM as it is now. */
    async take(): Promise<Shot> {
      const vm = ctx.vm();
      const shot = await rt.orgo.screenshot(vm.computerId, { signal: ctx.signal });
      return {
        vmId: vm.id,
        bytes: shot.bytes,
        contentType: shot.contentType,
        width: shot.width,
        height: shot.height,
      };
    },

    /**
     * Stores a shot in the caller's transaction (with the step it follows);
     * returns its frame id, `id` when the caller named it in advance.
     */
    async store(tx: Tx, shot: Shot, id?: string): Promise<string> {
      return (await rt.frames.put(frameOf(shot, id), { tx })).id;
    },

    /** The store's insert of a shot named `id`, when it can be batched (see `FrameStore.insertStatement`). */
    insertStatement(shot: Shot, id: string): Statement | undefined {
      return rt.frames.insertStatement?.({ ...frameOf(shot), id });
    },

    /**
     * A shot's announcement for a caller that stores it with its own
     * statements: statements for that transaction (see
     * `FramePublisher.withFrame`), then the rest, for `stored` to publish.
     */
    announcement: (shot: Shot, frameId: string, seq: number): FrameAnnouncement =>
      announcementOf(rt.publisher, eventOf(shot, frameId, seq)),

    /**
     * Keeps a shot for the model (encoded once, reused while the context
     * shows it) and, once its transaction has committed (`committed`),
     * announces it for the live view (the rest of `sent` when the caller put
     * its statements in that transaction). `announced` settles when the
     * publisher is done and never rejects: a live view is best effort, and a
     * frame whose transaction failed is never announced.
     */
    stored(
      shot: Shot,
      frameId: string,
      seq: number,
      committed: Promise<unknown> = Promise.resolve(),
      sent: FrameAnnouncement = {
        statements: [],
        publish: () => rt.publisher.publish(eventOf(shot, frameId, seq)),
      },
    ): { screen: Screen; announced: Promise<void> } {
      remember(frameId, forModel(shot.bytes, shot.contentType, shot));
      const announced = committed.then(
        () => sent.publish().catch((err) => rt.logger.warn({ err }, "frame publish failed")),
        () => {},
      );
      return { screen: { frameId, bytes: shot.bytes }, announced };
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
