import type { User } from "grammy/types";
import { describe, expect, it } from "vitest";
import {
  detectEntities,
  formatCaption,
  formatMessageText,
  parseHtml,
  parseMarkdown,
  parseMarkdownV2,
} from "./index.ts";

const alice: User = { id: 42, is_bot: false, first_name: "Alice" };
const context = { resolveUser: (id: number) => (id === 42 ? alice : undefined) };
const html = (text: string) => parseHtml(text, context);
const mdv2 = (text: string) => parseMarkdownV2(text, context);
const md = (text: string) => parseMarkdown(text, context);

describe("HTML parse mode", () => {
  it("turns tags into entities with UTF-16 offsets", () => {
    expect(html("👍 <b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler>")).toEqual({
      text: "👍 bold it u s x",
      entities: [
        { type: "bold", offset: 3, length: 4 },
        { type: "italic", offset: 8, length: 2 },
        { type: "underline", offset: 11, length: 1 },
        { type: "strikethrough", offset: 13, length: 1 },
        { type: "spoiler", offset: 15, length: 1 },
      ],
    });
  });

  it("decodes the four named entities and numeric ones, leaving unknown ones literal", () => {
    expect(html("&lt;b&gt; &amp; &quot; &#65;&#x42; &nbsp;").text).toBe('<b> & " AB &nbsp;');
  });

  it("builds links, mentions and pre blocks with a language", () => {
    const parsed = html(
      '<a href="https://example.com">site</a> <a href="tg://user?id=42">Alice</a> <pre><code class="language-ts">let x</code></pre> <code>c</code>',
    );
    expect(parsed.entities).toEqual([
      { type: "text_link", offset: 0, length: 4, url: "https://example.com/" },
      { type: "text_mention", offset: 5, length: 5, user: alice },
      { type: "pre", offset: 11, length: 5, language: "ts" },
      { type: "code", offset: 17, length: 1 },
    ]);
  });

  it.each([
    ["<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'],
    ["line<br>break", 'Unsupported start tag "br" at byte offset 4'],
    ["👍 <x>", 'Unsupported start tag "x" at byte offset 5'],
    ["1 < 2", 'Unsupported start tag "" at byte offset 2'],
    ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["x</b>", "Unexpected end tag at byte offset 1"],
    ["<b", "Unclosed start tag at byte offset 0"],
    ['<span class="x">a</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ])("rejects %j like Telegram", (input, message) => {
    expect(() => html(input)).toThrow(message);
  });
});

describe("MarkdownV2 parse mode", () => {
  it("parses the styles, links and block quotes", () => {
    expect(mdv2("*b* _i_ __u__ ~s~ ||p|| `c` [l](https://x.io/a\\)b)")).toEqual({
      text: "b i u s p c l",
      entities: [
        { type: "bold", offset: 0, length: 1 },
        { type: "italic", offset: 2, length: 1 },
        { type: "underline", offset: 4, length: 1 },
        { type: "strikethrough", offset: 6, length: 1 },
        { type: "spoiler", offset: 8, length: 1 },
        { type: "code", offset: 10, length: 1 },
        { type: "text_link", offset: 12, length: 1, url: "https://x.io/a)b" },
      ],
    });
    expect(mdv2(">quoted\n>more\nafter")).toEqual({
      text: "quoted\nmore\nafter",
      entities: [{ type: "blockquote", offset: 0, length: 12 }],
    });
    expect(mdv2("```python\nprint(1)\n```").entities).toEqual([
      { type: "pre", offset: 0, length: 9, language: "python" },
    ]);
  });

  it("requires reserved characters to be escaped", () => {
    expect(() => mdv2("Done.")).toThrow(
      "Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(mdv2("Done\\.").text).toBe("Done.");
    expect(() => mdv2("a *bold")).toThrow("Can't find end of Bold entity at byte offset 2");
    expect(() => mdv2("[x](http://a")).toThrow("Can't find end of a URL at byte offset 4");
  });
});

describe("legacy Markdown parse mode", () => {
  it("parses and reports unclosed entities by byte offset", () => {
    expect(md("*b* _i_ `c` [x](https://x.io)").entities).toEqual([
      { type: "bold", offset: 0, length: 1 },
      { type: "italic", offset: 2, length: 1 },
      { type: "code", offset: 4, length: 1 },
      { type: "text_link", offset: 6, length: 1, url: "https://x.io/" },
    ]);
    expect(() => md("ok *oops")).toThrow("Can't find end of the entity starting at byte offset 3");
  });
});

describe("message text rules", () => {
  const format = (text: string | undefined, parseMode?: string) =>
    formatMessageText({ text, parseMode }, context);

  it("answers with Telegram's descriptions", () => {
    expect(() => format("")).toThrow("Bad Request: message text is empty");
    expect(() => format(" \n ")).toThrow("Bad Request: text must be non-empty");
    expect(() => format("<b></b>", "HTML")).toThrow("Bad Request: text must be non-empty");
    expect(() => format("a".repeat(4097))).toThrow("Bad Request: message is too long");
    expect(() => format("<b>x", "HTML")).toThrow(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    );
    expect(() => format("x", "BBCode")).toThrow("Bad Request: unsupported parse_mode");
  });

  it("counts code points, trims spaces and newlines, and detects commands and links", () => {
    expect(format("👍".repeat(4096)).text).toHaveLength(8192);
    expect(format("  /start abc see example.com  \n")).toEqual({
      text: "/start abc see example.com",
      entities: [
        { type: "bot_command", offset: 0, length: 6 },
        { type: "url", offset: 15, length: 11 },
      ],
    });
    expect(() => formatCaption({ text: "x".repeat(1025) }, context)).toThrow(
      "Bad Request: message caption is too long",
    );
    expect(formatCaption({ text: "" }, context)).toBeUndefined();
  });

  it("detects commands addressed to a bot, mentions, hashtags and e-mails", () => {
    expect(detectEntities("/help@mouse_bot hi @alice_b #tag a@b.io")).toEqual([
      { type: "bot_command", offset: 0, length: 15 },
      { type: "mention", offset: 19, length: 8 },
      { type: "hashtag", offset: 28, length: 4 },
      { type: "email", offset: 33, length: 6 },
    ]);
  });
});
