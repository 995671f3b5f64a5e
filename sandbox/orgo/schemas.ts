import { z } from "zod";
import { isValidKey } from "./keys.ts";

const RESOLUTION = /^(\d{3,4})x(\d{3,4})(?:x(8|16|24|32))?$/;

const coordinate = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be >= 0`);

/** `POST /computers`; `project_id` is accepted for clients of the old projects API. */
const createComputer = z
  .object({
    workspace_id: z.string().min(1).optional(),
    project_id: z.string().min(1).optional(),
    name: z
      .string({ error: "name is required" })
      .trim()
      .min(1, "name is required")
      .max(64, "name is too long"),
    os: z.literal("linux", { error: 'os must be "linux"' }).default("linux"),
    ram: z.literal([4, 8, 16, 32, 64], { error: "ram must be one of 4, 8, 16, 32, 64" }).default(4),
    cpu: z.literal([1, 2, 4, 8, 16], { error: "cpu must be one of 1, 2, 4, 8, 16" }).default(2),
    disk_size_gb: z.number().int().min(8, "disk_size_gb must be at least 8").max(1024).default(8),
    resolution: z
      .string()
      .regex(RESOLUTION, 'resolution must look like "1280x720x24"')
      .refine((value) => {
        // Zod runs this even when the regex failed; that case is already reported.
        const [, w, h] = (RESOLUTION.exec(value) ?? [value, 1280, 720]).map(Number);
        return w! >= 640 && w! <= 3840 && h! >= 480 && h! <= 2160;
      }, "resolution must be between 640x480 and 3840x2160")
      .transform((value) => (value.split("x").length === 2 ? `${value}x24` : value))
      .default("1280x720x24"),
    auto_stop_minutes: z.number().int().min(0).max(1440).default(0),
  })
  .transform(({ project_id, ...rest }) => ({
    ...rest,
    workspace_id: rest.workspace_id ?? project_id,
  }))
  .refine((body) => body.workspace_id !== undefined, "workspace_id is required");

const workspace = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, "name is required")
    .max(64, "name is too long"),
});

const autoStop = z.object({
  auto_stop_minutes: z
    .number({ error: "auto_stop_minutes is required" })
    .int()
    .min(0, "auto_stop_minutes must be >= 0")
    .max(1440, "auto_stop_minutes must be <= 1440"),
});

const click = z.object({
  x: coordinate("x"),
  y: coordinate("y"),
  button: z.enum(["left", "right"], { error: 'button must be "left" or "right"' }).default("left"),
  double: z.boolean().default(false),
});

const drag = z.object({
  start_x: coordinate("start_x"),
  start_y: coordinate("start_y"),
  end_x: coordinate("end_x"),
  end_y: coordinate("end_y"),
  button: z.enum(["left", "right"], { error: 'button must be "left" or "right"' }).default("left"),
  duration: z.number().min(0).max(10).default(0.5),
});

const type = z.object({
  text: z.string({ error: "text is required" }).min(1, "text is required").max(100_000),
  delay_ms: z.number().int().min(0).max(1000).default(12),
});

const key = z.object({
  key: z
    .string({ error: "key is required" })
    .min(1, "key is required")
    .max(64)
    .refine(isValidKey, 'key must be an xdotool key name such as "Return" or "ctrl+shift+t"'),
});

const scroll = z
  .object({
    direction: z.enum(["up", "down"], { error: 'direction must be "up" or "down"' }),
    amount: z
      .number()
      .int()
      .min(1, "amount must be >= 1")
      .max(100, "amount must be <= 100")
      .default(3),
    x: coordinate("x").optional(),
    y: coordinate("y").optional(),
  })
  .refine((body) => (body.x === undefined) === (body.y === undefined), "x and y go together");

const wait = z
  .object({
    seconds: z
      .number()
      .min(0, "seconds must be between 0 and 60")
      .max(60, "seconds must be between 0 and 60")
      .optional(),
    duration: z
      .number()
      .min(0, "seconds must be between 0 and 60")
      .max(60, "seconds must be between 0 and 60")
      .optional(),
  })
  .transform((body) => ({ seconds: body.seconds ?? body.duration }))
  .refine((body) => body.seconds !== undefined, "seconds is required")
  .transform((body) => ({ seconds: body.seconds! }));

const bash = z.object({
  command: z.string({ error: "command is required" }).min(1, "command is required"),
  timeout: z.number().int().min(1).max(3600).default(200),
});

const exec = z.object({
  code: z.string({ error: "code is required" }).min(1, "code is required"),
  timeout: z
    .number()
    .int()
    .min(1, "timeout must be between 1 and 300")
    .max(300, "timeout must be between 1 and 300")
    .default(10),
});

const exportFile = z.object({
  desktopId: z.string({ error: "desktopId is required" }).min(1, "desktopId is required"),
  path: z.string({ error: "path is required" }).min(1, "path is required"),
});

/** Request body schemas, by route. */
export const schemaOf = {
  createComputer,
  workspace,
  autoStop,
  click,
  drag,
  type,
  key,
  scroll,
  wait,
  bash,
  exec,
  exportFile,
};
