// The network form: the setting from what was typed, the API's fields on
// the form's, and where the page goes after a new address.
import { describe, expect, it } from "vitest";

import { ApiError } from "../../src/api";
import { fallbackURL, movedURL, networkField, networkInput, networkValue } from "../../src/system/network";

describe("networkValue", () => {
  it("sends DHCP alone, whatever the static fields hold", () => {
    expect(networkValue({ mode: "dhcp", address: "10.0.0.5/24", gateway: "10.0.0.1", dns: "10.0.0.1" })).toEqual({ mode: "dhcp" });
  });
  it("trims the static fields and splits the DNS servers", () => {
    expect(networkValue({ mode: "static", address: " 192.168.1.10/24 ", gateway: "192.168.1.1 ", dns: " 192.168.1.1, 1.1.1.1;8.8.8.8  " })).toEqual({
      mode: "static",
      address: "192.168.1.10/24",
      gateway: "192.168.1.1",
      dns: ["192.168.1.1", "1.1.1.1", "8.8.8.8"],
    });
    expect(networkValue({ mode: "static", address: "", gateway: "", dns: " , " }).dns).toEqual([]);
  });
  it("round-trips a stored setting through the form", () => {
    const s = { mode: "static" as const, address: "10.0.2.15/25", gateway: "10.0.2.2", dns: ["10.0.2.3", "1.1.1.1"] };
    expect(networkInput(s)).toEqual({ mode: "static", address: "10.0.2.15/25", gateway: "10.0.2.2", dns: "10.0.2.3, 1.1.1.1" });
    expect(networkValue(networkInput(s))).toEqual(s);
    expect(networkInput(null)).toEqual({ mode: "dhcp", address: "", gateway: "", dns: "" });
  });
});

describe("networkField", () => {
  it("names the form's field for the API's", () => {
    const e = networkField(new ApiError(400, "gateway 10.0.3.1 is outside", "value.gateway")) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.field).toBe("net-gateway");
    expect(e.message).toBe("gateway 10.0.3.1 is outside");
    expect((networkField(new ApiError(400, "want an object", "value")) as ApiError).field).toBe("net-mode");
  });
  it("leaves other errors as they are", () => {
    const plain = new ApiError(500, "broken");
    expect(networkField(plain)).toBe(plain);
    expect(networkField(null)).toBeNull();
  });
});

describe("movedURL", () => {
  const s = { mode: "static" as const, address: "192.168.1.10/24", gateway: "192.168.1.1", dns: ["192.168.1.1"] };
  it("moves a page opened by the old address to the new one", () => {
    expect(movedURL(new URL("http://192.168.1.77:8080/system?x=1"), s)).toBe("http://192.168.1.10:8080/system?x=1");
  });
  it("stays for a name, the same address or DHCP", () => {
    expect(movedURL(new URL("http://hookflash.local:8080/system"), s)).toBe("");
    expect(movedURL(new URL("http://192.168.1.10:8080/system"), s)).toBe("");
    expect(movedURL(new URL("http://192.168.1.77:8080/system"), { mode: "dhcp" })).toBe("");
  });
  it("names the fallback address's page", () => {
    expect(fallbackURL(new URL("http://192.168.1.77:8080/system?x=1#n"), "169.254.100.1")).toBe("http://169.254.100.1:8080/");
  });
});
