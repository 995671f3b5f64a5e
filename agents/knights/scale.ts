/**
 * Screen sizes: the model is shown screenshots of at most 1280×800 (larger
 * ones cost more tokens and aim worse), so a bigger VM screen is scaled down
 * for the model and the model's coordinates are scaled back up to the VM's.
 */
import { PNG } from "pngjs";

export type Size = { width: number; height: number };

export const DEFAULT_MAX_DISPLAY: Size = { width: 1280, height: 800 };

/** The largest size with the VM's aspect ratio that fits in `max` (never larger than the VM). */
export function modelDisplay(vm: Size, max: Size = DEFAULT_MAX_DISPLAY): Size {
  const scale = Math.min(1, max.width / vm.width, max.height / vm.height);
  return { width: Math.round(vm.width * scale), height: Math.round(vm.height * scale) };
}

/** A point the model aimed at on `display`, as a pixel of the VM's screen. */
export function toVmPoint(
  [x, y]: [number, number],
  display: Size,
  vm: Size,
): { x: number; y: number } {
  const sx = vm.width / display.width;
  const sy = vm.height / display.height;
  return {
    x: Math.min(vm.width - 1, Math.max(0, Math.round(x * sx))),
    y: Math.min(vm.height - 1, Math.max(0, Math.round(y * sy))),
  };
}

/**
 * A screenshot as the model should see it: PNGs larger than `display` are
 * box-filtered down to it. JPEGs (which we cannot decode without another
 * dependency) are passed through; the returned size says what the model sees.
 */
export function imageForModel(
  bytes: Buffer,
  contentType: string,
  size: Size,
  display: Size,
): { bytes: Buffer; size: Size } {
  if (size.width === display.width && size.height === display.height) return { bytes, size };
  if (contentType !== "image/png") return { bytes, size };
  return { bytes: downscalePng(bytes, display), size: display };
}

function downscalePng(bytes: Buffer, target: Size): Buffer {
  const source = PNG.sync.read(bytes);
  const out = new PNG({ width: target.width, height: target.height });
  const fx = source.width / target.width;
  const fy = source.height / target.height;
  for (let ty = 0; ty < target.height; ty++) {
    const y0 = Math.floor(ty * fy);
    const y1 = Math.max(y0 + 1, Math.floor((ty + 1) * fy));
    for (let tx = 0; tx < target.width; tx++) {
      const x0 = Math.floor(tx * fx);
      const x1 = Math.max(x0 + 1, Math.floor((tx + 1) * fx));
      const sum = [0, 0, 0, 0];
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = (y * source.width + x) * 4;
          for (let c = 0; c < 4; c++) sum[c]! += source.data[i + c]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (ty * target.width + tx) * 4;
      for (let c = 0; c < 4; c++) out.data[o + c] = Math.round(sum[c]! / n);
    }
  }
  return PNG.sync.write(out);
}
