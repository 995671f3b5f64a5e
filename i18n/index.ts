export { type Catalogue, catalogue, createCatalogue } from "./catalogue.ts";
export { formatDate, formatDateTime, formatDayMonth, formatMoney, formatNumber } from "./format.ts";
export {
  DEFAULT_LOCALE,
  ENGLISH_NAMES,
  isLocale,
  LOCALES,
  type Locale,
  localeFor,
  NATIVE_NAMES,
} from "./languages.ts";
export { SOURCES } from "./locales/index.ts";
