/**
 * The sandbox's King Mouse: a deterministic stand-in good enough to judge
 * the product by. It reads ordinary small-business requests the way a real
 * model would — research ("find me 3 cheaper flour suppliers"), posting,
 * website updates, data entry, recurring work, questions about usage,
 * status, the team or a screenshot — and calls the tool that fits, picking
 * the role from the request; once the tool answered it replies like an
 * assistant, in the language the system prompt names ("Always answer in
 * Spanish, …"), never echoing tool names, ids or raw output it was not asked
 * for. Requests it cannot place get a helpful question with examples, not a
 * parrot. Anything without King Mouse's tools (a knight's computer run, a
 * test's own tools) falls through to the scripted brain's defaults.
 */
import type { Brain, NormalizedRequest, ScriptedTurn } from "../types.ts";
import { DEFAULT_COMPUTER_SCENARIO, findScenario, playScenario } from "./computer-scenarios.ts";
import {
  computerTool,
  excerpt,
  firstUserText,
  functionTools,
  lastUserText,
  latestToolResults,
} from "./conversation.ts";
import { EDIT_SCHEDULE_RULE, RECURRING, scheduleArguments } from "./schedule-rule.ts";
import { createScriptedBrain, type ScriptedBrainOptions } from "./scripted-brain.ts";

type Lang = "en" | "es" | "pt" | "ru" | "id";
type Role = "web_developer" | "social_media_manager" | "researcher" | "ops_assistant";

/** What King Mouse says, per language of the system prompt. */
const SAY: Record<
  Lang,
  {
    hello: string;
    unclear: string;
    proposed: (role: string) => string;
    scheduled: string;
    usage: string;
    status: string;
    team: string;
    schedules: string;
    screenshot: string;
    failed: string;
  }
> = {
  en: {
    hello:
      "Hi! I'm King Mouse. Tell me what you need done on a computer and I'll give it to the right AI employee — for example “update the opening hours on my website”, “find me 3 cheaper flour suppliers” or “post our daily special on Instagram every morning”.",
    unclear:
      "I want to get this right: what should happen, and where? For example “update the opening hours on my website to 9–5” or “find three flour suppliers near us with prices”.",
    proposed: (role) =>
      `That's a job for a ${role}. I've set it up — check the details below and tap Approve to start.`,
    scheduled:
      "I've set that up as recurring work. Check the timing and cost below and tap Approve to switch it on.",
    usage: "Here's where you stand this month:",
    status: "Here's what your team is doing:",
    team: "Your team:",
    schedules: "Your recurring work:",
    screenshot: "Here's the latest screen.",
    failed: "I couldn't do that just now:",
  },
  es: {
    hello:
      "¡Hola! Soy King Mouse. Dime qué trabajo de ordenador necesitas y se lo daré al empleado de IA adecuado — por ejemplo «actualiza el horario en mi web», «búscame 3 proveedores de harina más baratos» o «publica el especial del día en Instagram cada mañana».",
    unclear:
      "Quiero hacerlo bien: ¿qué debe pasar y dónde? Por ejemplo «cambia el horario de mi web a 9–17» o «busca tres proveedores de harina cerca con precios».",
    proposed: (role) =>
      `Es un trabajo para un ${role}. Ya lo he preparado: revisa los detalles abajo y toca Aprobar para empezar.`,
    scheduled:
      "Lo he preparado como trabajo periódico. Revisa el horario y el coste abajo y toca Aprobar para activarlo.",
    usage: "Así vas este mes:",
    status: "Esto es lo que está haciendo tu equipo:",
    team: "Tu equipo:",
    schedules: "Tu trabajo periódico:",
    screenshot: "Aquí tienes la última pantalla.",
    failed: "No he podido hacerlo ahora mismo:",
  },
  pt: {
    hello:
      "Oi! Eu sou o King Mouse. Diga qual trabalho de computador você precisa e eu passo para o funcionário de IA certo — por exemplo “atualize o horário no meu site”, “encontre 3 fornecedores de farinha mais baratos” ou “poste o prato do dia no Instagram toda manhã”.",
    unclear:
      "Quero acertar: o que deve acontecer, e onde? Por exemplo “mude o horário do meu site para 9–17” ou “encontre três fornecedores de farinha perto daqui com preços”.",
    proposed: (role) =>
      `Isso é trabalho para um ${role}. Já preparei — confira os detalhes abaixo e toque em Aprovar para começar.`,
    scheduled:
      "Preparei isso como trabalho recorrente. Confira o horário e o custo abaixo e toque em Aprovar para ativar.",
    usage: "Veja como está o seu mês:",
    status: "Veja o que sua equipe está fazendo:",
    team: "Sua equipe:",
    schedules: "Seu trabalho recorrente:",
    screenshot: "Aqui está a tela mais recente.",
    failed: "Não consegui fazer isso agora:",
  },
  ru: {
    hello:
      "Здравствуйте! Я King Mouse. Расскажите, какую работу за компьютером нужно сделать, и я поручу её подходящему ИИ-сотруднику — например, «обнови часы работы на сайте», «найди 3 поставщиков муки подешевле» или «публикуй блюдо дня в Instagram каждое утро».",
    unclear:
      "Хочу понять точно: что нужно сделать и где? Например, «поменяй часы работы на сайте на 9–17» или «найди трёх поставщиков муки рядом с ценами».",
    proposed: (role) =>
      `Это работа для сотрудника «${role}». Я всё подготовил — проверьте детали ниже и нажмите «Одобрить», чтобы начать.`,
    scheduled:
      "Я оформил это как регулярную работу. Проверьте время и стоимость ниже и нажмите «Одобрить», чтобы включить.",
    usage: "Вот ваши показатели за этот месяц:",
    status: "Вот чем занята ваша команда:",
    team: "Ваша команда:",
    schedules: "Ваша регулярная работа:",
    screenshot: "Вот последний экран.",
    failed: "Сейчас не получилось:",
  },
  id: {
    hello:
      "Halo! Saya King Mouse. Ceritakan pekerjaan komputer yang Anda butuhkan dan saya berikan ke karyawan AI yang tepat — misalnya “perbarui jam buka di situs saya”, “carikan 3 pemasok tepung yang lebih murah” atau “posting menu spesial harian di Instagram setiap pagi”.",
    unclear:
      "Saya ingin tepat: apa yang harus terjadi, dan di mana? Misalnya “ubah jam buka di situs saya jadi 9–17” atau “cari tiga pemasok tepung terdekat beserta harganya”.",
    proposed: (role) =>
      `Ini pekerjaan untuk ${role}. Sudah saya siapkan — periksa detailnya di bawah dan ketuk Setujui untuk mulai.`,
    scheduled:
      "Sudah saya siapkan sebagai pekerjaan rutin. Periksa waktu dan biayanya di bawah lalu ketuk Setujui untuk mengaktifkan.",
    usage: "Ini pemakaian Anda bulan ini:",
    status: "Ini yang sedang dikerjakan tim Anda:",
    team: "Tim Anda:",
    schedules: "Pekerjaan rutin Anda:",
    screenshot: "Ini layar terbaru.",
    failed: "Saya belum bisa melakukannya sekarang:",
  },
};

const ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  en: {
    web_developer: "Web Developer",
    social_media_manager: "Social Media Manager",
    researcher: "Researcher",
    ops_assistant: "Data Entry Assistant",
  },
  es: {
    web_developer: "desarrollador web",
    social_media_manager: "gestor de redes sociales",
    researcher: "investigador",
    ops_assistant: "asistente de datos",
  },
  pt: {
    web_developer: "desenvolvedor web",
    social_media_manager: "gerente de redes sociais",
    researcher: "pesquisador",
    ops_assistant: "assistente de dados",
  },
  ru: {
    web_developer: "Веб-разработчик",
    social_media_manager: "SMM-менеджер",
    researcher: "Исследователь",
    ops_assistant: "Ассистент по данным",
  },
  id: {
    web_developer: "Pengembang Web",
    social_media_manager: "Pengelola Media Sosial",
    researcher: "Peneliti",
    ops_assistant: "Asisten Data",
  },
};

/** The language a system prompt asks for (King Mouse's "Always answer in Spanish, …", a knight's "The customer reads Spanish"). */
export function languageOf(request: NormalizedRequest): Lang {
  const named =
    /Always answer in ([A-Za-z ()]+?),|The customer reads ([A-Za-z ()]+?):/
      .exec(request.system)
      ?.slice(1)
      .find(Boolean) ?? "";
  if (/spanish/i.test(named)) return "es";
  if (/portuguese/i.test(named)) return "pt";
  if (/russian/i.test(named)) return "ru";
  if (/indonesian/i.test(named)) return "id";
  return "en";
}

/** Questions about the account and the team, before any request for work. */
const LOOKUPS: Array<{ when: RegExp; tool: string }> = [
  { when: /\bscreen\s*shot\b|\bshow me (the|their|his|her) screen\b/i, tool: "send_screenshot" },
  {
    when: /\b(usage|balance|credits?|spending|spent|invoice|bill|how much (have i|did i|do i)|computer time|minutes left|cost me)\b/i,
    tool: "check_usage",
  },
  {
    when: /\b(recurring|scheduled|schedules)\b.*\?|\bwhat('s| is) scheduled\b|\bmy (recurring|scheduled) (tasks|work|jobs)\b/i,
    tool: "list_schedules",
  },
  {
    when: /\b(list|show|who are|who's on)\b.*\b(employees|knights|workers|team|staff)\b|\bmy (employees|knights|team)\b/i,
    tool: "list_employees",
  },
  {
    when: /\b(status|progress|update on)\b|how('s| is) (it|the task|the work|everything) going|\bwhat are (my|the) (knights|employees|workers) doing\b|\bis it done\b/i,
    tool: "task_status",
  },
];

/** Work a computer does, and the role that fits it; the first match wins. */
const WORK: Array<{ when: RegExp; role: Role }> = [
  {
    when: /\b(instagram|facebook|tiktok|linkedin|twitter|social media|caption|hashtags?|reel|story)\b|\bpost (our|my|the|a|this|today'?s)\b/i,
    role: "social_media_manager",
  },
  {
    when: /\b(web ?site|site|landing page|web page|homepage|online shop|opening hours|menu page|domain|wix|squarespace|wordpress|shopify)\b/i,
    role: "web_developer",
  },
  {
    when: /\b(spreadsheet|excel|google sheets?|csv|data entry|enter (the|these|our|all)|type (in|up)|copy .* into|fill (in|out)|invoices?|receipts?|inventory|bookkeeping|crm|contacts list)\b/i,
    role: "ops_assistant",
  },
  {
    when: /\b(find|research|look up|look for|search|compare|cheaper|suppliers?|vendors?|competitors?|prices?|leads|reviews|best)\b/i,
    role: "researcher",
  },
  { when: /\b(deploy|hire|employ|need someone|get someone)\b/i, role: "researcher" },
];

/** "Please can you update…" → "Update…": the request as the employee's task. */
function taskFrom(text: string): string {
  const trimmed = text
    .trim()
    .replace(/^(hi|hello|hey)[,!.\s]+/i, "")
    .replace(
      /^(please|pls|could you|can you|would you|i need you to|i want you to|i'd like you to)[,\s]+/i,
      "",
    )
    .replace(/^(please)[,\s]+/i, "");
  return (trimmed.charAt(0).toUpperCase() + trimmed.slice(1)).slice(0, 2_000) || text;
}

/** An explicit role in "hire a web developer to …" beats the guess from the work itself. */
function namedRole(text: string): Role | undefined {
  if (/\bweb ?(developer|designer|dev)\b/i.test(text)) return "web_developer";
  if (/\bsocial media (manager|person)\b|\bmarketer\b/i.test(text)) return "social_media_manager";
  if (/\bresearcher\b|\banalyst\b/i.test(text)) return "researcher";
  if (/\b(data entry|ops|operations|admin) (assistant|person|clerk)\b/i.test(text))
    return "ops_assistant";
  return undefined;
}

const offered = (request: NormalizedRequest, name: string) =>
  functionTools(request).some((t) => t.name === name);

/** King Mouse's turn, or undefined when this request is not King Mouse's (no deploy tool offered). */
export function decideAsKingMouse(request: NormalizedRequest): ScriptedTurn | undefined {
  if (!offered(request, "deploy_employee")) return undefined;
  const lang = languageOf(request);
  const say = SAY[lang];

  const results = latestToolResults(request);
  if (results.length > 0) {
    const lines = results.map(({ name, result }) => {
      const body = result.text.trim();
      if (result.isError) return `${say.failed} ${firstSentence(body)}`;
      switch (name) {
        case "deploy_employee": {
          const role =
            /\b(Web Developer|Social Media Manager|Researcher|Data Entry \/ Ops Assistant)\b/.exec(
              body,
            )?.[1];
          const id = ROLE_BY_NAME[role ?? ""] ?? "researcher";
          return say.proposed(ROLE_NAMES[lang][id]);
        }
        case "schedule_task":
        case "edit_schedule":
          return say.scheduled;
        case "check_usage":
          return `${say.usage}\n${body}`;
        case "task_status":
          return `${say.status}\n${withoutIds(body)}`;
        case "list_employees":
          return `${say.team}\n${withoutIds(body)}`;
        case "list_schedules":
          return `${say.schedules}\n${withoutIds(body)}`;
        case "send_screenshot":
          return say.screenshot;
        default:
          return withoutIds(body);
      }
    });
    return { text: lines.join("\n\n") };
  }

  const text = lastUserText(request);
  if (!text) return { text: say.hello };
  if (/^\s*(hi|hello|hey|hola|oi|olá|привет|halo|help|what can you do)\b[\s!?.]*$/i.test(text))
    return { text: say.hello };

  for (const lookup of LOOKUPS)
    if (lookup.when.test(text) && offered(request, lookup.tool))
      return { toolCalls: [{ name: lookup.tool, input: {} }] };

  if (EDIT_SCHEDULE_RULE.when instanceof Function && EDIT_SCHEDULE_RULE.when(text, request)) {
    if (offered(request, "edit_schedule"))
      return {
        toolCalls: [
          {
            name: "edit_schedule",
            input: EDIT_SCHEDULE_RULE.input!(text, undefined as never, request),
          },
        ],
      };
  }
  if (RECURRING.test(text) && offered(request, "schedule_task"))
    return { toolCalls: [{ name: "schedule_task", input: scheduleArguments(taskFrom(text)) }] };

  const work = WORK.find((w) => w.when.test(text));
  if (work) {
    const role = namedRole(text) ?? work.role;
    return {
      toolCalls: [
        {
          name: "deploy_employee",
          input: { role, task: taskFrom(text), why: WHY[role] },
        },
      ],
    };
  }
  return { text: say.unclear };
}

const ROLE_BY_NAME: Record<string, Role> = {
  "Web Developer": "web_developer",
  "Social Media Manager": "social_media_manager",
  Researcher: "researcher",
  "Data Entry / Ops Assistant": "ops_assistant",
};

const WHY: Record<Role, string> = {
  web_developer: "it updates websites and checks them on phone and desktop",
  social_media_manager: "it drafts and schedules posts in your voice",
  researcher: "it compares several sources and lists each fact with its link",
  ops_assistant: "it types carefully and double-checks every value",
};

const UUID = /\s*\(?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b\)?:?/gi;

/** Tool output as a person reads it: no ids, timestamps or untrusted-data fences. */
function withoutIds(text: string): string {
  return text
    .replace(/^<\/?untrusted_data[^>]*>\n?/gm, "")
    .replace(/,? created \d{4}-\d\d-\d\dT[\d:.]+Z/g, "")
    .replace(UUID, "")
    .replace(/^- :?\s*/gm, "- ")
    .trim();
}

function firstSentence(text: string): string {
  return withoutIds(/^[^.!?\n]*[.!?]?/.exec(text)?.[0] ?? text).trim();
}

/** What a knight says it is doing, per step of the default computer run, per language. */
const NARRATION: Record<Lang, (step: number, request: NormalizedRequest) => string | undefined> = {
  en: (step) =>
    [
      "Looking at the screen first.",
      "Clicking into the field I need.",
      "Typing the new text.",
      "Pressing Enter to save it.",
      "Checking that the change is there.",
    ][step],
  es: (step) =>
    [
      "Primero miro la pantalla.",
      "Hago clic en el campo que necesito.",
      "Escribo el texto nuevo.",
      "Pulso Intro para guardarlo.",
      "Compruebo que el cambio está.",
    ][step],
  pt: (step) =>
    [
      "Primeiro olho a tela.",
      "Clico no campo de que preciso.",
      "Digito o texto novo.",
      "Aperto Enter para salvar.",
      "Confiro se a mudança está lá.",
    ][step],
  ru: (step) =>
    [
      "Сначала смотрю на экран.",
      "Нажимаю на нужное поле.",
      "Ввожу новый текст.",
      "Нажимаю Enter, чтобы сохранить.",
      "Проверяю, что изменение на месте.",
    ][step],
  id: (step) =>
    [
      "Melihat layar dulu.",
      "Mengklik kolom yang saya perlukan.",
      "Mengetik teks baru.",
      "Menekan Enter untuk menyimpan.",
      "Memeriksa bahwa perubahannya sudah ada.",
    ][step],
};

const DONE: Record<Lang, (task: string) => string> = {
  en: (task) => `Done: ${task}`,
  es: (task) => `Hecho: ${task}`,
  pt: (task) => `Feito: ${task}`,
  ru: (task) => `Готово: ${task}`,
  id: (task) => `Selesai: ${task}`,
};

/**
 * A knight's default run, narrated: each action comes with a sentence saying
 * what it is for, and the report is in the customer's language, as a real
 * model told so by its system prompt would write them.
 */
function narratedComputerRun(request: NormalizedRequest): ScriptedTurn | undefined {
  if (
    !computerTool(request) ||
    functionTools(request).some(
      (t) => t.name === "request_help" && /captcha/i.test(firstUserText(request)),
    )
  )
    return undefined;
  const lang = languageOf(request);
  const turn = playScenario(DEFAULT_COMPUTER_SCENARIO, request);
  const step = request.messages.filter((m) => m.role === "assistant").length;
  if (turn.computer?.length) {
    const said = NARRATION[lang](step, request);
    return said ? { ...turn, text: said } : turn;
  }
  if (turn.text?.startsWith("Done: "))
    return { text: DONE[lang](excerpt(firstUserText(request), 300)) };
  return turn;
}

/** The no-keys demo's model: King Mouse's judgement, narrating knights, the scripted brain for everything else. */
export function createKingMouseBrain(options: ScriptedBrainOptions = {}): Brain {
  return createScriptedBrain({
    ...options,
    decide: async (request) =>
      (await options.decide?.(request)) ??
      decideAsKingMouse(request) ??
      // A registered scenario plays as written.
      (findScenario(options.scenarios ?? [], request) ? undefined : narratedComputerRun(request)),
  });
}
