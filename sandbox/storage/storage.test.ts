/**
 * The Storage stand-in through the real client: supabase-js's storage API
 * against the sandbox, as the product uses it.
 */
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStorageSandbox, startStorageSandbox } from "./index.ts";

const MB = 1024 * 1024;
const client = (url: string, key: string) =>
  createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false } }).storage;

describe("Supabase Storage sandbox, through supabase-js", () => {
  let s: RunningStorageSandbox;
  let clock = new Date("2026-12-08T10:00:00Z");
  beforeAll(async () => {
    s = await startStorageSandbox({
      buckets: [
        { id: "files" },
        { id: "small", file_size_limit: "1MB", allowed_mime_types: ["text/*"] },
      ],
      globalFileSizeLimit: 8 * MB,
      now: () => clock,
    });
  });
  afterAll(() => s?.close());

  it("uploads, downloads and removes an object with the service key", async () => {
    const files = client(s.url, s.serviceRoleKey).from("files");
    const bytes = Buffer.from("supplier,price\nAcme,12.50\n");
    const up = await files.upload("c1/t1/7", bytes, { contentType: "text/csv" });
    expect(up.error).toBeNull();
    expect(up.data).toMatchObject({ path: "c1/t1/7", fullPath: "files/c1/t1/7" });
    const again = await files.upload("c1/t1/7", bytes, { contentType: "text/csv" });
    expect(again.error).toMatchObject({
      status: 409,
      statusCode: "409",
      message: "The resource already exists",
    });
    expect(
      (await files.upload("c1/t1/7", bytes, { contentType: "text/csv", upsert: true })).error,
    ).toBeNull();
    const down = await files.download("c1/t1/7");
    expect(Buffer.from(await down.data!.arrayBuffer()).equals(bytes)).toBe(true);
    expect(down.data!.type).toBe("text/csv");
    const removed = await files.remove(["c1/t1/7", "c1/t1/none"]);
    expect(removed.data?.map((o) => o.name)).toEqual(["c1/t1/7"]);
    const gone = await files.download("c1/t1/7");
    expect(gone.error).toMatchObject({ status: 404, message: "Object not found" });
  });

  it("signed URLs download for anyone holding them, as an attachment, until they expire", async () => {
    const files = client(s.url, s.serviceRoleKey).from("files");
    const bytes = Buffer.from("a".repeat(1000));
    await files.upload("c1/t2/3", bytes, { contentType: "application/octet-stream" });
    const signed = await files.createSignedUrl("c1/t2/3", 60, { download: "export.bin" });
    expect(signed.error).toBeNull();
    const url = signed.data!.signedUrl;
    expect(url.startsWith(`${s.url}/storage/v1/object/sign/files/c1/t2/3?token=`)).toBe(true);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("filename=export.bin");
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // Another object's path with this token, a forged token, an expired one: refused.
    expect((await fetch(url.replace("/c1/t2/3?", "/c1/t2/4?"))).status).toBe(400);
    const forged = await fetch(url.replace(/token=[^&]+/, "token=eyJ.eyJ.AAAA"));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: "InvalidJWT", message: "invalid signature" });
    clock = new Date(clock.getTime() + 61_000);
    const expired = await fetch(url);
    expect(await expired.json()).toMatchObject({ statusCode: "400", message: "jwt expired" });
    const missing = await files.createSignedUrl("c1/none", 60);
    expect(missing.error).toMatchObject({ status: 404, message: "Object not found" });
  });

  it("answers bucket errors and enforces size and MIME limits", async () => {
    const storage = client(s.url, s.serviceRoleKey);
    const nowhere = await storage.from("nowhere").upload("a", Buffer.from("x"));
    expect(nowhere.error).toMatchObject({ status: 404, message: "Bucket not found" });
    expect((await storage.getBucket("nowhere")).error).toMatchObject({ status: 404 });
    expect(
      (await storage.createBucket("made", { public: false, fileSizeLimit: "2MB" })).data,
    ).toEqual({
      name: "made",
    });
    expect((await storage.getBucket("made")).data).toMatchObject({
      id: "made",
      public: false,
      file_size_limit: 2 * MB,
    });
    expect((await storage.createBucket("made")).error).toMatchObject({ status: 409 });
    // The bucket's own limit, and the project's global one.
    const tooBig = await storage
      .from("small")
      .upload("x.txt", Buffer.alloc(MB + 1), { contentType: "text/plain" });
    expect(tooBig.error).toMatchObject({
      status: 413,
      message: "The object exceeded the maximum allowed size",
    });
    const global = await storage.from("files").upload("big", Buffer.alloc(8 * MB + 1));
    expect(global.error).toMatchObject({ status: 413 });
    const fits = await storage.from("files").upload("fits", Buffer.alloc(8 * MB));
    expect(fits.error).toBeNull();
    const wrongType = await storage
      .from("small")
      .upload("x.png", Buffer.from("png"), { contentType: "image/png" });
    expect(wrongType.error).toMatchObject({
      status: 415,
      message: "mime type image/png is not supported",
    });
    const badKey = await storage.from("files").upload("naïve.txt", Buffer.from("x"));
    expect(badKey.error).toMatchObject({ status: 400, message: "Invalid key: naïve.txt" });
    expect(s.inspect.object("small", "x.txt")).toBeUndefined();
  });

  it("a private bucket is closed to the anon key and to unknown keys", async () => {
    await client(s.url, s.serviceRoleKey).from("files").upload("private", Buffer.from("secret"));
    const anon = client(s.url, s.anonKey).from("files");
    expect((await anon.download("private")).error).toMatchObject({ status: 404 });
    expect((await anon.upload("mine", Buffer.from("x"))).error).toMatchObject({
      status: 403,
      message: "new row violates row-level security policy",
    });
    expect((await anon.createSignedUrl("private", 60)).error).toMatchObject({ status: 404 });
    const stranger = client(s.url, "not-a-key").from("files");
    expect((await stranger.download("private")).error).toMatchObject({ status: 401 });
    const raw = await fetch(`${s.url}/storage/v1/object/files/private`);
    expect(raw.status).toBe(401);
  });
});
