// Resetting another admin's password: the new one must be typed twice alike.
import { describe, expect, it } from "vitest";

import { resetBody } from "../../src/system/passwordReset";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("resetBody", () => {
  it("sends the new password and one's own when both copies match", () => {
    expect(resetBody(form({ new_password: "a fresh passphrase", new_password_again: "a fresh passphrase", your_password: "mine" }))).toEqual({
      your_password: "mine", new_password: "a fresh passphrase",
    });
  });
  it("refuses copies that differ, even by a space", () => {
    expect(resetBody(form({ new_password: "a fresh passphrase", new_password_again: "a fresh passphrase ", your_password: "mine" }))).toBeNull();
    expect(resetBody(form({ new_password: "a fresh passphrase", your_password: "mine" }))).toBeNull();
  });
});
