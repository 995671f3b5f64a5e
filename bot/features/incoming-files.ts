/**
 * A photo or document the customer sends ("use this logo"): downloaded
 * through the Bot API (getFile, at most 20 MB for bots), handed to the files
 * port, which keeps it for the customer and puts it on the desktop of the
 * knight that needs it; King Mouse says where it went.
 */
import { Composer } from "grammy";
import type { MouseContext } from "../context.ts";
import type { FilesPort } from "../ports.ts";
import { requireCustomer } from "./customer.ts";

/** Telegram lets bots download files up to 20 MB. */
const DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;

export function createIncomingFilesFeature({ files }: { files: FilesPort }) {
  const composer = new Composer<MouseContext>();
  const privateChat = composer.chatType("private");

  privateChat.on(["message:photo", "message:document"], async (ctx) => {
    const who = await requireCustomer(ctx);
    if (!who) return;
    const photo = ctx.message.photo?.at(-1);
    const document = ctx.message.document;
    const fileId = photo?.file_id ?? document!.file_id;
    const size = photo?.file_size ?? document?.file_size ?? 0;
    const fileName = document?.file_name ?? `photo-${ctx.message.message_id}.jpg`;
    if (size > DOWNLOAD_MAX_BYTES) {
      await ctx.reply(ctx.t("files-too-big", { file: fileName }));
      return;
    }
    let bytes: Uint8Array;
    let contentType = document?.mime_type ?? "image/jpeg";
    try {
      const file = await ctx.api.getFile(fileId);
      const root = ctx.api.options?.apiRoot ?? "https://api.telegram.org";
      const response = await fetch(`${root}/file/bot${ctx.api.token}/${file.file_path}`);
      if (!response.ok) throw new Error(`download answered ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
      if (photo) contentType = response.headers.get("content-type") ?? contentType;
    } catch (error) {
      ctx.log.warn({ err: error }, "could not download a customer's file");
      await ctx.reply(ctx.t("files-failed"));
      return;
    }
    const received = await files.receive(who, { fileName, contentType, bytes });
    await ctx.reply(
      received.placed
        ? ctx.t("files-placed", {
            file: received.fileName,
            name: received.placed.employeeName,
            path: received.placed.path,
          })
        : ctx.t(received.tooBigForDesktop ? "files-kept-too-big" : "files-kept", {
            file: received.fileName,
          }),
    );
  });
  return composer;
}
