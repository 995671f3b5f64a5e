/**
 * Provider-neutral shapes shared by the Anthropic and OpenAI stand-ins: each
 * route turns its wire request into a `NormalizedRequest`, asks the brain for a
 * `ScriptedTurn`, and renders that turn back in its own wire format.
 */

/** Which wire API a request came through. */
export type ModelApi = "anthropic" | "openai-chat" | "openai-responses";

/** Pixel size and type of an image the model was shown; `digest` identifies its bytes. */
export type ImageInfo = { width: number; height: number; mediaType: string; digest?: string };

/** One piece of a conversation turn. */
export type NormalizedPart =
  | { type: "text"; text: string }
  | ({ type: "image" } & ImageInfo)
  | { type: "tool_call"; id: string; name: string; input: unknown; computer: boolean }
  | { type: "tool_result"; id: string; text: string; images: ImageInfo[]; isError: boolean };

/** A turn; OpenAI `tool` messages become parts of the following user-side turn. */
export type NormalizedMessage = { role: "user" | "assistant"; parts: NormalizedPart[] };

/** A JSON schema as tools declare it; only the parts the brain reads are typed. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  description?: string;
};

/** The ways a request can declare a computer-use tool. */
export type ComputerToolForm =
  | "computer_20251124"
  | "computer_20250124"
  | "computer_toolset_20260801"
  | "computer_use_preview"
  | "computer";

/** A tool offered to the model. */
export type NormalizedTool =
  | { kind: "function"; name: string; description: string; schema: JsonSchema }
  | {
      kind: "computer";
      form: ComputerToolForm;
      /** The tool_use name for the beta forms ("computer"); the toolset has none. */
      name: string;
      display?: { width: number; height: number };
      /** Actions the declaration allows (toolset members minus disabled ones). */
      actions: ReadonlySet<ComputerActionName>;
    };

/** How the request constrains tool use. */
export type ToolChoice =
  | { type: "auto" | "any" | "none"; parallel: boolean }
  | { type: "tool"; name: string; parallel: boolean };

/** What every route hands the brain. */
export type NormalizedRequest = {
  api: ModelApi;
  model: string;
  /** System prompt text (Anthropic `system`, OpenAI system/developer messages, `instructions`). */
  system: string;
  messages: NormalizedMessage[];
  tools: NormalizedTool[];
  toolChoice: ToolChoice;
  maxTokens: number | undefined;
};

/** Names of computer actions, in Anthropic's vocabulary (xdotool keys). */
export type ComputerActionName =
  | "screenshot"
  | "cursor_position"
  | "left_click"
  | "right_click"
  | "middle_click"
  | "double_click"
  | "triple_click"
  | "mouse_move"
  | "left_click_drag"
  | "left_mouse_down"
  | "left_mouse_up"
  | "type"
  | "key"
  | "hold_key"
  | "scroll"
  | "wait"
  | "zoom";

type Point = [number, number];

/**
 * A computer action as the beta tool's `input` carries it. The GA toolset
 * sends the same fields under `name: action`; OpenAI gets a translated action.
 */
export type ComputerAction =
  | { action: "screenshot" | "cursor_position" | "left_mouse_down" | "left_mouse_up" }
  | {
      action:
        | "left_click"
        | "right_click"
        | "middle_click"
        | "double_click"
        | "triple_click"
        | "mouse_move";
      coordinate: Point;
      text?: string;
    }
  | { action: "left_click_drag"; start_coordinate: Point; coordinate: Point }
  | { action: "type" | "key"; text: string }
  | { action: "hold_key"; text: string; duration: number }
  | {
      action: "scroll";
      coordinate: Point;
      scroll_direction: "up" | "down" | "left" | "right";
      scroll_amount: number;
    }
  | { action: "wait"; duration: number }
  | { action: "zoom"; region: [number, number, number, number] };

/**
 * What the scripted model says in one assistant turn: optional text first,
 * then tool calls, then computer actions. A turn with calls stops with
 * `tool_use` / `tool_calls`; a text-only turn ends the turn (end it with "?"
 * to ask the user something).
 */
export type ScriptedTurn = {
  text?: string;
  toolCalls?: Array<{ name: string; input: Record<string, unknown> }>;
  computer?: ComputerAction[];
};

/** Decides the next assistant turn. Must be deterministic for tests to be. */
export type Brain = (request: NormalizedRequest) => ScriptedTurn | Promise<ScriptedTurn>;
