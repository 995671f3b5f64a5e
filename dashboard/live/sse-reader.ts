/**
 * Test helper (not part of the public API): reads a `text/event-stream`
 * response event by event, the way EventSource parses it.
 */
export type SseEvent = { event: string; data: string; id?: string };

/** Wraps a streaming response; `next(name)` resolves with the next event of that name. */
export function readSse(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let buffer = "";
  let done = false;
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += decoder.decode(chunk.value, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { event: "message", data: "" };
          const data: string[] = [];
          for (const line of block.split("\n")) {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (field === "event") event.event = value;
            else if (field === "data") data.push(value);
            else if (field === "id") event.id = value;
          }
          event.data = data.join("\n");
          events.push(event);
          cut = buffer.indexOf("\n\n");
        }
        for (const wake of waiters.splice(0)) wake();
      }
    } catch {
      // cancelled
    } finally {
      done = true;
      for (const wake of waiters.splice(0)) wake();
    }
  })();
  const taken = new Set<number>();
  return {
    events,
    /** The first event named `name` (any, if omitted) not yet returned by `next`; others stay unread. */
    async next(name?: string, timeoutMs = 10_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex((e, i) => !taken.has(i) && (!name || e.event === name));
        if (index >= 0) {
          taken.add(index);
          return events[index]!;
        }
        if (done) throw new Error(`stream ended before a "${name ?? "any"}" event`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${name ?? "any"}" event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => reader.cancel().catch(() => {}),
  };
}
