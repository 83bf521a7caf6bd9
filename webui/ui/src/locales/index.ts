// The app's languages: their texts and their names in their own language.
import { en } from "./en";
import type { Messages } from "./messages";
import { pl } from "./pl";
import { ru } from "./ru";
import { uk } from "./uk";

export type { Messages } from "./messages";

export const languages = ["en", "ru", "uk", "pl"] as const;
export type Language = (typeof languages)[number];

// messages holds every language's texts.
export const messages: Record<Language, Messages> = { en, ru, uk, pl };

// languageNames are what the language switcher shows.
export const languageNames: Record<Language, string> = {
  en: "English",
  ru: "Русский",
  uk: "Українська",
  pl: "Polski",
};
