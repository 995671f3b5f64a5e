// Small valid files for user-sent media when a test does not care about the bytes.

/** A 2×2 PNG. */
export const SAMPLE_PNG = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4AWM8AQQMQMDEAAUAMKYDJOk+9mYAAAAASUVORK5CYII=",
  ),
  (c) => c.charCodeAt(0),
);

/** The first bytes of an Ogg/Opus voice note (enough for a file to exist). */
export const SAMPLE_VOICE = new TextEncoder().encode("OggS\u0000\u0002sandbox-voice-note");

/** A tiny WebP header, for stickers. */
export const SAMPLE_WEBP = new TextEncoder().encode(
  "RIFF\u0024\u0000\u0000\u0000WEBPVP8 sandbox-sticker",
);
