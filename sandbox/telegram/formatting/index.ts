export { detectEntities, mergeDetectedEntities } from "./auto-entities.ts";
export { codePointLength } from "./bytes.ts";
export {
  checkLink,
  EntityParseError,
  type FormattedText,
  type ParseContext,
} from "./entity.ts";
export {
  CAPTION_LIMIT,
  type FormatInput,
  formatCaption,
  formatMessageText,
  MESSAGE_TEXT_LIMIT,
  TextFormatError,
} from "./format-text.ts";
export { parseHtml } from "./html.ts";
export { parseMarkdown } from "./markdown.ts";
export { parseMarkdownV2 } from "./markdown-v2.ts";
