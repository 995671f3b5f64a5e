/**
 * Screenshots a knight takes: stored (a `FrameStore`; Postgres `bytea` by
 * default, Supabase Storage can implement the same two calls) and announced
 * for the live view (a `FramePublisher`).
 *
 * For the dashboard: subscribe to `createLocalFramePublisher()` in the same
 * process, or LISTEN on the Postgres channel `mouse_frames` (payload: the
 * `FrameEvent` without bytes, as JSON) from any process, then load the image
 * with `FrameStore.get(frameId)`; a frame row's RLS lets a customer read
 * only its own frames.
 */
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Data, Statement, Tx } from "../../db/index.ts";

export type NewFrame = {
  /** Chosen by the caller when it must name the frame before the store commits; else the store picks. */
  id?: string;
  customerId: string;
  taskId: string;
  vmId: string | null;
  bytes: Buffer;
  contentType: string;
  width: number;
  height: number;
};

export type StoredFrame = NewFrame & { id: string; createdAt: Date };

/** Where screenshots are kept. */
export type FrameStore = {
  /**
   * Stores a frame. With `tx`, a store that keeps frames in the database
   * writes it in that transaction, so the frame and the step it belongs to
   * commit together in one round of work; other stores may ignore it.
   */
  put: (frame: NewFrame, options?: { tx?: Tx }) => Promise<{ id: string }>;
  /**
   * A store that keeps frames in the database: its insert of a frame named in
   * advance, for a caller that sends it with its own statements in one round
   * trip (`Data.statementsAsService`). Absent for other stores.
   */
  insertStatement?: (frame: NewFrame & { id: string }) => Statement;
  get: (id: string) => Promise<StoredFrame | undefined>;
};

/** A new screenshot of a knight's desktop. `bytes` only travels in-process. */
export type FrameEvent = {
  frameId: string;
  customerId: string;
  taskId: string;
  employeeId: string | null;
  vmId: string | null;
  /** The step the screenshot follows (0: before the first step). */
  seq: number;
  contentType: string;
  width: number;
  height: number;
  at: Date;
  bytes?: Buffer;
  /** Whose action the screen follows: the knight's (default) or a person's at the controls. */
  source?: "knight" | "customer";
};

/** Announces frames to whoever shows them live. Must not throw for a slow or absent viewer. */
export type FramePublisher = {
  publish: (event: FrameEvent) => Promise<void>;
  /**
   * For a publisher that announces through the database: its announcement
   * as statements for the transaction that stores the frame (Postgres
   * delivers a NOTIFY as that transaction commits, and never if it rolls
   * back), so it takes no round trip of its own, and what is left to
   * publish once that transaction has committed.
   */
  withFrame?: (event: FrameEvent) => FrameAnnouncement;
};

/** A frame's announcement, split around the transaction that stores the frame. */
export type FrameAnnouncement = { statements: Statement[]; publish: () => Promise<void> };

/** `publisher`'s announcement of `event`: in the frame's transaction where it can be. */
export function announcementOf(publisher: FramePublisher, event: FrameEvent): FrameAnnouncement {
  return (
    publisher.withFrame?.(event) ?? { statements: [], publish: () => publisher.publish(event) }
  );
}

/** Frames as rows of `public.frames` with the bytes inline (the embedded default). */
export function createPostgresFrameStore(data: Data): FrameStore {
  const insertStatement = (frame: NewFrame): Statement => ({
    name: "knights_store_frame",
    text: `insert into public.frames (id, customer_id, vm_id, task_id, sha256, content_type, width, height, bytes)
           values (coalesce($9::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    values: [
      frame.customerId,
      frame.vmId,
      frame.taskId,
      createHash("sha256").update(frame.bytes).digest("hex"),
      frame.contentType,
      frame.width,
      frame.height,
      frame.bytes,
      frame.id ?? null,
    ],
  });
  return {
    insertStatement,
    async put(frame, options = {}) {
      const { text, values } = insertStatement(frame);
      const insert = async (tx: Tx) => {
        const { rows } = await tx.query<{ id: string }>(text, values as unknown[]);
        return { id: rows[0]!.id };
      };
      return options.tx ? insert(options.tx) : data.asService("knights: store frame", insert);
    },
    get: (id) =>
      data.asService("knights: load frame", async (tx) => {
        const { rows } = await tx.query<{
          id: string;
          customer_id: string;
          task_id: string;
          vm_id: string | null;
          bytes: Buffer | null;
          content_type: string;
          width: number;
          height: number;
          created_at: Date;
        }>("select * from public.frames where id = $1", [id]);
        const row = rows[0];
        if (!row?.bytes) return undefined;
        return {
          id: row.id,
          customerId: row.customer_id,
          taskId: row.task_id,
          vmId: row.vm_id,
          bytes: Buffer.from(row.bytes),
          contentType: row.content_type,
          width: row.width,
          height: row.height,
          createdAt: row.created_at,
        };
      }),
  };
}

/** In-process fan-out with the bytes attached: the default, and what a same-process dashboard subscribes to. */
export function createLocalFramePublisher() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event: FrameEvent) {
      emitter.emit("frame", event);
    },
    /** Calls `listener` for each frame (optionally only one customer's); returns the unsubscribe. */
    subscribe(listener: (event: FrameEvent) => void, filter: { customerId?: string } = {}) {
      const wrapped = (event: FrameEvent) => {
        if (filter.customerId && event.customerId !== filter.customerId) return;
        try {
          listener(event);
        } catch {
          // A failing viewer must not stop the knight.
        }
      };
      emitter.on("frame", wrapped);
      return () => void emitter.off("frame", wrapped);
    },
  };
}

/** Announces frames with `pg_notify` so web processes elsewhere can LISTEN (metadata only). */
export function createPgNotifyFramePublisher(data: Data, channel = "mouse_frames"): FramePublisher {
  const notify = ({ bytes: _bytes, ...event }: FrameEvent): Statement => ({
    text: "select pg_notify($1, $2)",
    values: [channel, JSON.stringify(event)],
  });
  return {
    async publish(event) {
      // One round trip (a transaction would take three): delivered as it commits.
      const { text, values } = notify(event);
      await data.statementAsService("knights: announce frame", text, values);
    },
    withFrame: (event) => ({ statements: [notify(event)], publish: async () => {} }),
  };
}

/** Publishes to several publishers; one failing does not stop the others. */
export function fanOutFramePublisher(...publishers: FramePublisher[]): FramePublisher {
  return {
    async publish(event) {
      await Promise.allSettled(publishers.map((p) => p.publish(event)));
    },
    withFrame(event) {
      const parts = publishers.map((p) => announcementOf(p, event));
      return {
        statements: parts.flatMap((part) => part.statements),
        publish: async () => {
          await Promise.allSettled(parts.map((part) => part.publish()));
        },
      };
    },
  };
}
