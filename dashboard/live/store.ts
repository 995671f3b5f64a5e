/**
 * The live view's shared state in Postgres, so web processes need nothing
 * from each other: who watches which VM (heartbeat rows), which process
 * polls it (a lease), and its latest screen (bytes + SHA-256, announced with
 * NOTIFY on `mouse_live` when it changes). All on the service path: callers
 * were checked against RLS when they connected.
 */
import { parseResolution } from "../../agents/orgo/index.ts";
import type { Data } from "../../db/index.ts";

export const LIVE_CHANNEL = "mouse_live";

export type Viewer = { viewerId: string; vmId: string; customerId: string; userId: string };

export type LiveFrame = {
  vmId: string;
  customerId: string;
  sha256: string;
  contentType: string;
  width: number | null;
  height: number | null;
  bytes: Buffer;
  source: "poll" | "knight" | "customer";
  frameId: string | null;
  taskId: string | null;
  seq: number | null;
  capturedAt: Date;
};

export type PollTarget = {
  vmId: string;
  providerId: string;
  customerId: string;
  /** A knight is typing a secret that shows on screen: store a placeholder, take no screenshot. */
  hidden?: { width: number; height: number };
};

/** The placeholder's size for a hidden VM whose resolution is not recorded. */
const HIDDEN_FALLBACK = { width: 1280, height: 720 };

/** Records or refreshes viewers' presence for `ttlMs`. */
export async function heartbeat(data: Data, process: string, viewers: Viewer[], ttlMs: number) {
  if (viewers.length === 0) return;
  await data.asService("live: heartbeat", (tx) =>
    tx.query(
      `insert into public.live_viewers (viewer_id, vm_id, customer_id, user_id, process, expires_at)
       select v, m, c, u, $5, now() + make_interval(secs => $6)
         from unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[]) as t(v, m, c, u)
       on conflict (viewer_id) do update set expires_at = excluded.expires_at`,
      [
        viewers.map((v) => v.viewerId),
        viewers.map((v) => v.vmId),
        viewers.map((v) => v.customerId),
        viewers.map((v) => v.userId),
        process,
        ttlMs / 1000,
      ],
    ),
  );
}

/** Removes viewers that disconnected. */
export async function removeViewers(data: Data, viewerIds: string[]) {
  if (viewerIds.length === 0) return;
  await data.asService("live: viewer left", (tx) =>
    tx.query("delete from public.live_viewers where viewer_id = any($1::text[])", [viewerIds]),
  );
}

/**
 * Takes or renews the lease of every watched, running VM that nobody else
 * holds, and returns those of them due for a screenshot, marking them polled.
 * The holder's tick timer (one tick per `intervalMs`) sets the pace; a VM is
 * due when its last poll is at least half an interval old. A whole interval
 * skipped every tick that started a little early against the last poll's
 * timestamp (taken after the tick's heartbeat, whose time varies with the
 * number of viewers): the full bench measured 18 screenshots in a window
 * with one viewer and 14 with 100. Half an interval still keeps an extra
 * tick (a first viewer's) from polling twice in a row.
 */
export async function claimDue(
  data: Data,
  owner: string,
  { leaseMs, intervalMs }: { leaseMs: number; intervalMs: number },
): Promise<PollTarget[]> {
  return data.asService("live: claim pollers", async (tx) => {
    await tx.query(
      `insert into public.live_pollers (vm_id, owner, expires_at)
       select distinct v.vm_id, $1, now() + make_interval(secs => $2)
         from public.live_viewers v join public.vms m on m.id = v.vm_id
        where v.expires_at > now() and m.status = 'running' and m.provider_id is not null
       on conflict (vm_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
        where public.live_pollers.owner = excluded.owner or public.live_pollers.expires_at <= now()`,
      [owner, leaseMs / 1000],
    );
    const { rows } = await tx.query<{
      vm_id: string;
      provider_id: string;
      customer_id: string;
      hidden: boolean;
      resolution: string | null;
    }>(
      `update public.live_pollers p set polled_at = now()
         from public.vms m
        where p.owner = $1 and p.expires_at > now() and m.id = p.vm_id
          and m.status = 'running' and m.provider_id is not null
          and exists (select 1 from public.live_viewers v where v.vm_id = p.vm_id and v.expires_at > now())
          and (p.polled_at is null or p.polled_at <= now() - make_interval(secs => $2))
        returning p.vm_id, m.provider_id, m.customer_id, m.resolution,
                  coalesce(m.screen_hidden_until > now(), false) as hidden`,
      [owner, intervalMs / 2 / 1000],
    );
    return rows.map((r) => ({
      vmId: r.vm_id,
      providerId: r.provider_id,
      customerId: r.customer_id,
      ...(r.hidden
        ? { hidden: (r.resolution && parseResolution(r.resolution)) || HIDDEN_FALLBACK }
        : {}),
    }));
  });
}

/** Gives up this process's leases (on shutdown) so another process takes over at once. */
export async function releaseLeases(data: Data, owner: string) {
  await data.asService("live: release pollers", (tx) =>
    tx.query("delete from public.live_pollers where owner = $1", [owner]),
  );
}

/** Stores a VM's screen if it differs from the last one; true (and NOTIFY) when it changed. */
export async function storeFrame(
  data: Data,
  frame: Omit<LiveFrame, "capturedAt"> & { placeholderSha?: string },
): Promise<boolean> {
  return data.asService("live: store frame", async (tx) => {
    const { rows } = await tx.query(
      `insert into public.live_frames
         (vm_id, customer_id, sha256, content_type, width, height, bytes, source, frame_id, task_id, seq, captured_at)
       select $1::uuid, $2::uuid, $3::text, $4::text, $5::integer, $6::integer, $7::bytea, $8::text,
              $9::uuid, $10::uuid, $11::integer, now()
        -- A screenshot of a screen hidden since it was taken is never shown (the placeholder is).
        where $8::text <> 'poll' or $3::text = $12::text or not exists (
                select 1 from public.vms m where m.id = $1::uuid and m.screen_hidden_until > now())
       on conflict (vm_id) do update set
         sha256 = excluded.sha256, content_type = excluded.content_type, width = excluded.width,
         height = excluded.height, bytes = excluded.bytes, source = excluded.source,
         frame_id = excluded.frame_id, task_id = excluded.task_id, seq = excluded.seq,
         captured_at = excluded.captured_at
       where public.live_frames.sha256 <> excluded.sha256
       returning vm_id`,
      [
        frame.vmId,
        frame.customerId,
        frame.sha256,
        frame.contentType,
        frame.width,
        frame.height,
        frame.bytes,
        frame.source,
        frame.frameId,
        frame.taskId,
        frame.seq,
        frame.placeholderSha ?? null,
      ],
    );
    if (rows.length === 0) return false;
    await tx.query("select pg_notify($1, $2)", [LIVE_CHANNEL, frame.vmId]);
    return true;
  });
}

/** The latest screens of these VMs that differ from what the caller already has (`sha` per VM). */
export async function loadChangedFrames(
  data: Data,
  known: { vmId: string; sha?: string }[],
): Promise<LiveFrame[]> {
  if (known.length === 0) return [];
  const { rows } = await data.asService("live: load frames", (tx) =>
    tx.query<{
      vm_id: string;
      customer_id: string;
      sha256: string;
      content_type: string;
      width: number | null;
      height: number | null;
      bytes: Buffer;
      source: "poll" | "knight" | "customer";
      frame_id: string | null;
      task_id: string | null;
      seq: number | null;
      captured_at: Date;
    }>(
      `select f.* from public.live_frames f
         join unnest($1::uuid[], $2::text[]) as k(vm, sha) on k.vm = f.vm_id
        where f.sha256 is distinct from k.sha`,
      [known.map((k) => k.vmId), known.map((k) => k.sha ?? null)],
    ),
  );
  return rows.map((r) => ({
    vmId: r.vm_id,
    customerId: r.customer_id,
    sha256: r.sha256,
    contentType: r.content_type,
    width: r.width,
    height: r.height,
    bytes: Buffer.from(r.bytes),
    source: r.source,
    frameId: r.frame_id,
    taskId: r.task_id,
    seq: r.seq,
    capturedAt: r.captured_at,
  }));
}

/** Forgets presence rows and leases that expired (a process that died without cleaning up). */
export async function sweepExpired(data: Data) {
  await data.asService("live: sweep", async (tx) => {
    await tx.query(
      "delete from public.live_viewers where expires_at < now() - interval '1 minute'",
    );
    await tx.query(
      "delete from public.live_pollers where expires_at < now() - interval '1 minute'",
    );
  });
}
