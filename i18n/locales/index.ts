import type { Locale } from "../languages.ts";
import { source as en } from "./en.ts";
import { source as es } from "./es.ts";
import { source as id } from "./id.ts";
import { source as ptBR } from "./pt-BR.ts";
import { source as ru } from "./ru.ts";

/** Each locale's Fluent source, English first. */
export const SOURCES: Record<Locale, string> = { en, es, "pt-BR": ptBR, ru, id };
