/**
 * What the knight loop needs from "a model": given the task's context (system
 * prompt, a trimmed conversation with the latest screenshots, the screen
 * size the model aims at), the next action(s) or a final text, plus usage.
 * The conversation uses `agents/models`' neutral message types; computer
 * actions travel as `tool_use` parts named `computer` whose input is the
 * action in Anthropic's vocabulary (below), which each provider adapter
 * translates to and from its own wire form.
 */
import type { ModelMessage, ModelUsage } from "../../models/index.ts";

export type Point = [number, number];

/** A computer action in Anthropic's vocabulary (xdotool key names), coordinates in model space. */
export type ComputerAction =
  | { action: "screenshot" }
  | {
      action:
        | "left_click"
        | "right_click"
        | "middle_click"
        | "double_click"
        | "triple_click"
        | "mouse_move";
      coordinate: Point;
      /** Modifier held during the click (`shift`, `ctrl`). */
      text?: string;
    }
  | { action: "left_click_drag"; start_coordinate: Point; coordinate: Point }
  | { action: "type"; text: string }
  | { action: "key"; text: string }
  | {
      action: "scroll";
      coordinate?: Point;
      scroll_direction: "up" | "down" | "left" | "right";
      scroll_amount: number;
    }
  | { action: "wait"; duration: number }
  | { action: "zoom"; region: [number, number, number, number] }
  /**
   * Types one field of a stored login (by its label) into the focused field;
   * the platform resolves the value at the Orgo call, so the model never sees
   * it. `visible`: the model says the field shows what is typed in clear.
   */
  | {
      action: "type_secret";
      login: string;
      /** `one_time_code`: the code the customer relayed from chat (`login` is then ignored). */
      field: "username" | "password" | "totp" | "one_time_code";
      visible?: boolean;
    }
  /** Not a computer action: hand a file on the desktop to the customer (`deliver_file`). */
  | { action: "deliver_file"; path: string; title: string; description?: string }
  /** Something the model asked for that we could not read; answered with an error. */
  | { action: "unsupported"; name: string; input: unknown };

import type { HelpRequest } from "./help-tool.ts";

/** The tool name computer actions carry inside the neutral conversation. */
export const COMPUTER_TOOL = "computer";

/** The custom tool through which a model asks for a stored login's field to be typed. */
export const SECRET_TOOL = "type_secret";

/** The tool's description and input schema, shared by both providers' wire forms. */
export const SECRET_TOOL_SPEC = {
  description:
    "Types one field of one of the customer's stored logins into the focused input, without you seeing it. Click the input first. `login` is a login's label exactly as listed; `field` is username, password or totp (the current two-factor code), or one_time_code for a code the customer sent you through request_help (then `login` is \"one-time code\"). Set `visible` when the input shows what is typed in clear.",
  schema: {
    type: "object",
    properties: {
      login: { type: "string", description: "The login's label, as listed" },
      field: { type: "string", enum: ["username", "password", "totp", "one_time_code"] },
      visible: { type: "boolean", description: "The input shows typed text in clear" },
    },
    required: ["login", "field"],
    additionalProperties: false,
  },
} as const;

export type ComputerContext = {
  system: string;
  messages: ModelMessage[];
  /**
   * Index of the message whose last block ends the part of the conversation
   * that will not change on the next step (a prompt-cache breakpoint); -1 for none.
   */
  cacheBoundary: number;
  /** The screen size the model aims at: the size of the screenshots it is shown. */
  display: { width: number; height: number };
  maxTokens?: number;
  /** Offer the `type_secret` tool (the customer has logins this knight may use). */
  secrets?: boolean;
};

/** One model decision. */
export type ComputerTurn = {
  /** Text the model wrote (its final summary or question when there are no actions). */
  text: string;
  actions: ComputerAction[];
  /** The knight called `request_help`: the step ends the task's run until the customer hands back. */
  help?: HelpRequest;
  usage: ModelUsage;
  provider: string;
  model: string;
  /** Milliseconds the call took, retries and failover included. */
  ms: number;
};

/** The port the loop calls; `createComputerModel` is the default. */
export type ComputerModel = {
  decide: (context: ComputerContext, options?: { signal?: AbortSignal }) => Promise<ComputerTurn>;
  /** Models that may answer (primary first), for worst-case cost estimates. */
  readonly models: readonly string[];
};

/** A single provider's computer-use call (a failover target). */
export type ComputerProvider = {
  name: string;
  model: string;
  decide: (context: ComputerContext, signal?: AbortSignal) => Promise<Omit<ComputerTurn, "ms">>;
};
