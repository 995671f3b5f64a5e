/**
 * Hiding the screen while a secret is typed where it shows. Password inputs
 * show dots, but when the model marks a `type_secret` as `visible` (a field
 * that echoes what is typed) the screen holds the value in clear: the knight
 * hides the desktop for the live view before typing (`vms.screen_hidden_until`,
 * which the poller reads: `dashboard/live/store.ts`), and the frame stored
 * for that step, shown to the model and announced, is a placeholder of the
 * same size. A later step's own frame shows the desktop again.
 */
import { PNG } from "pngjs";
import type { Statement } from "../../db/index.ts";
import type { ComputerAction } from "./model/index.ts";
import type { Size } from "./scale.ts";

/** How long a hidden screen stays hidden if the knight never shows it again (it died). */
const HIDE_FOR_SECONDS = 120;

/** Whether these actions type a secret into a field that shows it. */
export const typesVisibleSecret = (actions: readonly ComputerAction[]) =>
  actions.some((a) => a.action === "type_secret" && a.visible === true);

/** Hides the VM's screen from the live view (before the typing starts). */
export const hideScreen = (vmId: string): Statement => ({
  text: "update public.vms set screen_hidden_until = now() + make_interval(secs => $2) where id = $1",
  values: [vmId, HIDE_FOR_SECONDS],
});

/** Shows it again (with a step whose frame is the real screen). */
export const showScreen = (vmId: string): Statement => ({
  text: "update public.vms set screen_hidden_until = null where id = $1 and screen_hidden_until is not null",
  values: [vmId],
});

const placeholders = new Map<string, Buffer>();

/** A plain dark PNG of `size`: what is stored and shown instead of a screen with a secret on it. */
export function hiddenScreenPng({ width, height }: Size): Buffer {
  const key = `${width}x${height}`;
  let png = placeholders.get(key);
  if (!png) {
    const image = new PNG({ width, height });
    for (let i = 0; i < image.data.length; i += 4) {
      image.data[i] = 38;
      image.data[i + 1] = 40;
      image.data[i + 2] = 48;
      image.data[i + 3] = 255;
    }
    png = PNG.sync.write(image);
    if (placeholders.size > 8) placeholders.clear();
    placeholders.set(key, png);
  }
  return png;
}
