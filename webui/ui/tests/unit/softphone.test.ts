// The softphone's QR text and the random device passwords.
import { describe, expect, it } from "vitest";

import type { SIPAccount } from "../../src/ports/types";
import { newPassword, softphoneURI } from "../../src/softphone";

const acc: SIPAccount = { username: "101", realm: "hookflash", server: "192.0.2.1", port: 5060, transports: ["udp", "tcp"], extension: "101", uri: "sip:101@192.0.2.1:5060" };

describe("softphoneURI", () => {
  const tests: [string, SIPAccount, string, string][] = [
    ["plain", acc, "Secret-pass1", "sip:101:Secret-pass1@192.0.2.1:5060;transport=udp"],
    ["escapes the password", acc, "a@b:c/d e!", "sip:101:a%40b%3Ac%2Fd%20e%21@192.0.2.1:5060;transport=udp"],
    ["IPv6 server in brackets", { ...acc, server: "2001:db8::1" }, "pw", "sip:101:pw@[2001:db8::1]:5060;transport=udp"],
    ["no transport listed", { ...acc, transports: [] }, "pw", "sip:101:pw@192.0.2.1:5060"],
    ["unknown server", { ...acc, server: undefined }, "pw", ""],
  ];
  it.each(tests)("%s", (_, a, pw, want) => {
    expect(softphoneURI(a, pw)).toBe(want);
  });
});

describe("newPassword", () => {
  it("gives n characters without look-alikes", () => {
    const p = newPassword(24);
    expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{24}$/);
  });
  it("drops biased bytes", () => {
    // 255 is above the largest multiple of 57 below 256 (228): skipped.
    let calls = 0;
    const random = (a: Uint8Array) => {
      calls++;
      a.fill(calls === 1 ? 255 : 0);
      return a;
    };
    expect(newPassword(4, random)).toBe("aaaa");
    expect(calls).toBe(2);
  });
});
