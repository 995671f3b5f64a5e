import { describe, expect, it } from "vitest";
import { parseStripeForm } from "./form.ts";

describe("parseStripeForm", () => {
  it("decodes nested brackets and indexed arrays as stripe-node sends them", () => {
    const body =
      "mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2" +
      "&line_items[1][price_data][currency]=usd&line_items[1][price_data][product_data][name]=Seat" +
      "&metadata[tenant]=t%201&subscription_data[transfer_data][destination]=acct_1" +
      "&expand[0]=subscription&expand[1]=line_items";
    expect(parseStripeForm(body)).toEqual({
      mode: "subscription",
      line_items: [
        { price: "price_1", quantity: "2" },
        { price_data: { currency: "usd", product_data: { name: "Seat" } } },
      ],
      metadata: { tenant: "t 1" },
      subscription_data: { transfer_data: { destination: "acct_1" } },
      expand: ["subscription", "line_items"],
    });
  });

  it("appends empty-bracket arrays and keeps numeric metadata keys as keys", () => {
    expect(parseStripeForm("expand[]=a&expand[]=b&metadata[0]=zero&metadata[1]=one")).toEqual({
      expand: ["a", "b"],
      metadata: { "0": "zero", "1": "one" },
    });
  });

  it("accepts percent-encoded brackets and keeps empty values (Stripe's 'unset')", () => {
    expect(parseStripeForm("metadata%5Bplan%5D=&email=a%2Bb%40x.io")).toEqual({
      metadata: { plan: "" },
      email: "a+b@x.io",
    });
  });

  it("ignores prototype-polluting keys", () => {
    const parsed = parseStripeForm("__proto__[admin]=true&a[constructor][x]=1&ok=1");
    expect(parsed).toEqual({ ok: "1" });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
