import { describe, expect, it } from "vitest";

import { ApiError } from "../../src/api";
import { formField, onForm, parseHeaders, showHeaders, timeout } from "../../src/integrations/backends";

describe("parseHeaders", () => {
  it("reads one Name: value per line, skipping empty lines", () => {
    expect(parseHeaders("Authorization: Bearer a:b\n\n X-Key :  (kept) \n")).toEqual({ Authorization: "Bearer a:b", "X-Key": "(kept)" });
    expect(parseHeaders("")).toEqual({});
  });
  it("keeps a line without a colon as a name, for the box to refuse", () => {
    expect(parseHeaders("Broken header")).toEqual({ "Broken header": "" });
  });
  it("reads back what showHeaders writes", () => {
    const h = { Authorization: "(kept)", "X-Tenant": "office" };
    expect(parseHeaders(showHeaders(h))).toEqual(h);
    expect(showHeaders(undefined)).toBe("");
  });
});

describe("timeout", () => {
  it("is 0, the box's default, when empty, and the number typed otherwise", () => {
    expect(timeout(" ")).toBe(0);
    expect(timeout("2500")).toBe(2500);
    expect(timeout("soon")).toBeNaN();
  });
});

describe("formField", () => {
  const tests: [string, string, string][] = [
    ["crm", "value.bitrix24.webhook_url", "crm.bitrix24.webhook_url"],
    ["crm", "value.api.headers.X-Key", "crm.api.headers"],
    ["speech_recognition", "value.headers", "speech_recognition.headers"],
    ["language_model", "value", "language_model"],
    ["recording_retention_days", "value", "recording_retention_days"],
  ];
  it.each(tests)("formField(%s, %s) = %s", (key, field, want) => {
    expect(formField(key, field)).toBe(want);
  });
  it("moves an ApiError's field onto the form and leaves other errors alone", () => {
    const e = onForm("crm", new ApiError(400, "paste the token", "value.amocrm.access_token"));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).field).toBe("crm.amocrm.access_token");
    expect((e as ApiError).message).toBe("paste the token");
    const plain = new Error("x");
    expect(onForm("crm", plain)).toBe(plain);
  });
});
