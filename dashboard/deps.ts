import type { Context, Hono } from "hono";
import type Stripe from "stripe";
import type { SignupGuard } from "../accounts/index.ts";
import type { ControlPort } from "../api/data/control.ts";
import type { AppEnv } from "../api/env.ts";
import type { WebKit, WebKitDeps } from "../api/web-kit.ts";
import type { Approvals } from "../approvals/index.ts";
import type { StoredFileLinks } from "../deliverables/store.ts";
import type { Logger } from "../observability/index.ts";
import type { QueueKit } from "../queue/index.ts";
import type { ScheduleControls } from "../schedules/index.ts";
import type { Vault } from "../vault/index.ts";
import type { LiveView } from "./live/live-view.ts";
import type { PageCtx } from "./pages/layout.tsx";

/** Everything the dashboard's routes need; optional parts switch their pages on. */
export type DashboardDeps = WebKitDeps & {
  logger: Logger;
  /** Deciding approvals: the same decision the bot's buttons make. */
  approvals: Approvals;
  /** The bot's username, for deep links (`https://t.me/<bot>?start=<token>`). */
  botUsername: string;
  /** The live view of this process (`createLiveView`); without it the screen says it is unavailable. */
  live?: LiveView;
  /** For the Stripe customer portal button on the billing page. */
  stripe?: Stripe;
  /** Origins the portal button may lead to (CSP form-action). Default Stripe's billing site. */
  portalOrigins?: string[];
  /** For queue depths and workers on the admin health page. */
  queues?: QueueKit;
  /** Sandbox only: the Telegram sandbox's origin, which turns on `/simulator`. */
  sandbox?: { telegramUrl: string };
  /** Extra admin-only apps, e.g. Bull Board, mounted at `/admin/<path>`. */
  adminApps?: { path: string; label: string; app: Hono }[];
  /** Taking over knights' desktops (the knights' `control`): makes the live view interactive. */
  control?: ControlPort;
  /** The bot's token, which signs Mini App `initData`: turns on `/tg/app` (the Telegram Mini App). */
  miniApp?: { botToken: string; maxAgeSeconds?: number };
  /** A prebuilt kit (shares the API's); default one built from these deps. */
  kit?: WebKit;
  /** The customers' stored logins; default the vault sealed under `appSecret`. */
  vault?: Vault;
  /** Signed URLs for delivered files kept in object storage (Supabase Storage); inline files need none. */
  fileLinks?: StoredFileLinks;
  /** The schedule operations; turns on /c/:customerId/schedules. */
  schedules?: ScheduleControls;
  /** Asks /onboard for a proof of work while sign-ups spike (accounts/signup-guard.ts). */
  signupGuard?: SignupGuard;
};

/** Builds what every signed-in page needs (principal and form token) from a request. */
export type CtxOf = (c: Context<AppEnv>) => PageCtx;
