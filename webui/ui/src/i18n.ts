// Language choice and the i18next instance of the app.
import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

import { languages, messages, type Language } from "./locales";

// storageKey is where the browser keeps the language the admin chose.
export const storageKey = "hookflash.language";

// isLanguage reports whether s is one of the app's languages.
export function isLanguage(s: string | null | undefined): s is Language {
  return (languages as readonly string[]).includes(s ?? "");
}

// detectLanguage picks the language: the one the admin chose before, else
// the first of the browser's languages (navigator.languages, "ru-RU" counts
// as "ru") that the app has, else English.
export function detectLanguage(chosen: string | null, browser: readonly string[]): Language {
  if (isLanguage(chosen)) return chosen;
  for (const tag of browser) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "en";
}

// createI18n returns a new i18next instance, ready, in lang, bound to React.
export function createI18n(lang: Language): i18n {
  const inst = i18next.createInstance();
  inst.use(initReactI18next).init({
    lng: lang,
    fallbackLng: "en",
    supportedLngs: [...languages],
    resources: Object.fromEntries(languages.map((l) => [l, { translation: messages[l] }])),
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  return inst;
}
