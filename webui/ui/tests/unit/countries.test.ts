// The FXS port's country choices: named and sorted in the page's language,
// with a country the box has no tones for kept as it is.
import { describe, expect, it } from "vitest";

import { countryName, countryOptions } from "../../src/ports/countries";

const codes = ["DE", "GB", "PL", "RU", "UA", "US"];
const unsupported = (name: string) => `${name}: no tones`;

describe("countryOptions", () => {
  it("names the countries in English, sorted by name", () => {
    expect(countryOptions(codes, "RU", "en", unsupported).map((o) => o.label)).toEqual([
      "Germany (DE)", "Poland (PL)", "Russia (RU)", "Ukraine (UA)", "United Kingdom (GB)", "United States (US)",
    ]);
  });
  it("names and sorts them in Polish and Russian", () => {
    expect(countryOptions(codes, "PL", "pl", unsupported).map((o) => o.value)).toEqual(["DE", "PL", "RU", "US", "UA", "GB"]);
    expect(countryName("DE", "pl")).toBe("Niemcy");
    expect(countryName("DE", "ru")).toBe("Германия");
    expect(countryName("UA", "uk")).toBe("Україна");
  });
  it("keeps a country the box has no tones for, saying so", () => {
    const opts = countryOptions(codes, "FR", "en", unsupported);
    expect(opts).toHaveLength(7);
    expect(opts[6]).toEqual({ value: "FR", label: "France (FR): no tones" });
    expect(countryOptions(codes, "", "en", unsupported)).toHaveLength(6);
  });
});
