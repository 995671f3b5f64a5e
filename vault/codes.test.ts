/** Which part of a customer's reply is the one-time code (or that there is none). */
import { describe, expect, it } from "vitest";
import { codeInReply } from "./codes.ts";

describe("the code in a customer's reply", () => {
  it("finds the code as people send it", () => {
    expect(codeInReply("482913")).toBe("482913");
    expect(codeInReply("Here it is: 482913.")).toBe("482913");
    expect(codeInReply("482 913")).toBe("482913");
    expect(codeInReply("the code is G-482913")).toBe("G-482913");
    expect(codeInReply("7F3A9C21")).toBe("7F3A9C21");
  });

  it("finds none in an ordinary answer", () => {
    expect(codeInReply("It hasn't come yet")).toBeUndefined();
    expect(codeInReply("Please wait a minute")).toBeUndefined();
    expect(codeInReply("")).toBeUndefined();
  });
});
