import http from "node:http";
import https from "node:https";

/** What a webhook POST came back with. */
export type WebhookResponse = {
  status: number;
  statusText: string;
  retryAfter: string | null;
  body: string;
};

/** Sends one webhook POST; rejects on network errors and timeouts. */
export type WebhookTransport = (
  url: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<WebhookResponse>;

/** A transport over a given fetch (used when the sandbox is handed one). */
export function fetchTransport(fetchImpl: typeof fetch): WebhookTransport {
  return async (url, { headers, body, timeoutMs }) => {
    const response = await fetchImpl(url, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      statusText: response.statusText,
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
    };
  };
}

/**
 * The default transport: node:http with keep-alive sockets, several times
 * cheaper per request than fetch, which matters for webhook-ingest benchmarks.
 */
export function nodeHttpTransport(maxSockets = 100): WebhookTransport & { close(): void } {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets }),
    "https:": new https.Agent({ keepAlive: true, maxSockets }),
  };
  const send: WebhookTransport = (url, { headers, body, timeoutMs }) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === "https:" ? https : http;
      const agent = target.protocol === "https:" ? agents["https:"] : agents["http:"];
      const request = client.request(
        target,
        {
          method: "POST",
          agent,
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              statusText: response.statusMessage ?? "",
              retryAfter: (response.headers["retry-after"] as string | undefined) ?? null,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
        },
      );
      request.setTimeout(timeoutMs, () =>
        request.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })),
      );
      request.on("error", reject);
      request.end(body);
    });
  return Object.assign(send, {
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  });
}
