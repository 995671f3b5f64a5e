import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { describeImage } from "../orgo/index.ts";
import { imageForModel, modelDisplay, toVmPoint } from "./scale.ts";

describe("screen scaling", () => {
  it("fits the model's screen in 1280×800 with the VM's aspect ratio", () => {
    expect(modelDisplay({ width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720 });
    expect(modelDisplay({ width: 2560, height: 1600 })).toEqual({ width: 1280, height: 800 });
    expect(modelDisplay({ width: 1024, height: 768 })).toEqual({ width: 1024, height: 768 });
  });

  it("maps the model's coordinates back to the VM's pixels, inside the screen", () => {
    const display = { width: 1280, height: 720 };
    const vm = { width: 1920, height: 1080 };
    expect(toVmPoint([640, 360], display, vm)).toEqual({ x: 960, y: 540 });
    expect(toVmPoint([1280, 720], display, vm)).toEqual({ x: 1919, y: 1079 });
    expect(toVmPoint([-5, 3], display, vm)).toEqual({ x: 0, y: 5 });
  });

  it("shrinks a large PNG screenshot to what the model sees", () => {
    const big = new PNG({ width: 1920, height: 1080 });
    big.data.fill(200);
    const { bytes, size } = imageForModel(
      PNG.sync.write(big),
      "image/png",
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    );
    expect(size).toEqual({ width: 1280, height: 720 });
    expect(describeImage(bytes)).toMatchObject({
      contentType: "image/png",
      width: 1280,
      height: 720,
    });
    expect(PNG.sync.read(bytes).data[0]).toBe(200);
  });
});
