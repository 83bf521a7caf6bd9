// Every language has every text of English, with the plural forms its
// grammar needs and the same {{placeholders}}.
import { describe, expect, it } from "vitest";

import { kinds } from "../../src/catalogue";
import { createI18n, detectLanguage } from "../../src/i18n";
import { languages, messages, type Messages } from "../../src/locales";

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

// flatten returns the dotted keys of m with their texts.
function flatten(m: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

// plainKeys returns the keys of m with the plural keys folded into one
// (extensions.count_one and extensions.count_other are extensions.count).
function plainKeys(m: Map<string, string>): Set<string> {
  return new Set([...m.keys()].map((k) => k.replace(pluralSuffix, "")));
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
}

const en = flatten(messages.en);

describe.each(languages)("language %s", (lang) => {
  const texts = flatten(messages[lang]);

  it("has every key of English and no other", () => {
    expect([...plainKeys(texts)].sort()).toEqual([...plainKeys(en)].sort());
  });

  it("has no empty text", () => {
    for (const [k, v] of texts) expect(v.trim(), k).not.toBe("");
  });

  it("has each plural form its grammar needs", () => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    const plural = new Set([...en.keys()].filter((k) => pluralSuffix.test(k)).map((k) => k.replace(pluralSuffix, "")));
    for (const base of plural) {
      for (const c of categories) expect(texts.has(`${base}_${c}`), `${base}_${c}`).toBe(true);
    }
  });

  it("keeps the placeholders of English", () => {
    for (const [k, v] of texts) {
      const enText = en.get(k) ?? en.get(k.replace(pluralSuffix, "_other"));
      expect(enText, k).toBeDefined();
      expect(placeholders(v), k).toEqual(placeholders(enText!));
    }
  });

  it("names every element kind of the palette", () => {
    const i18n = createI18n(lang);
    for (const k of kinds) {
      const name = i18n.t(`kinds.${k}`);
      expect(name, k).not.toBe(`kinds.${k}`);
      if (lang !== "en") expect(name, k).not.toBe(messages.en.kinds && (messages.en.kinds as Messages)[k]);
    }
  });
});

describe("createI18n", () => {
  it("picks the plural form by the language's rules", () => {
    const tests: [string, number, string][] = [
      ["en", 1, "1 extension"],
      ["en", 5, "5 extensions"],
      ["ru", 1, "1 номер"],
      ["ru", 3, "3 номера"],
      ["ru", 5, "5 номеров"],
      ["ru", 21, "21 номер"],
      ["uk", 2, "2 номери"],
      ["pl", 5, "5 numerów"],
      ["pl", 22, "22 numery"],
    ];
    for (const [lang, count, want] of tests) {
      const i18n = createI18n(lang as (typeof languages)[number]);
      expect(i18n.t("extensions.count", { count }), `${lang} ${count}`).toBe(want);
    }
  });
});

describe("detectLanguage", () => {
  const tests: { chosen: string | null; browser: string[]; want: string }[] = [
    { chosen: null, browser: ["ru-RU", "en-US"], want: "ru" },
    { chosen: null, browser: ["de-DE", "uk"], want: "uk" },
    { chosen: null, browser: ["PL-pl"], want: "pl" },
    { chosen: null, browser: ["de", "fr"], want: "en" },
    { chosen: null, browser: [], want: "en" },
    { chosen: "pl", browser: ["ru-RU"], want: "pl" },
    { chosen: "xx", browser: ["uk-UA"], want: "uk" },
  ];
  it.each(tests)("chosen $chosen, browser $browser -> $want", ({ chosen, browser, want }) => {
    expect(detectLanguage(chosen, browser)).toBe(want);
  });
});
