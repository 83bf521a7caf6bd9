// An active call's path in words, as the dashboard shows it in each
// language: elements by kind and label as the call saw them, keys
// pressed, the element the call is in now, the box's own steps.
import { describe, expect, it } from "vitest";

import { isKind } from "../../src/catalogue";
import { pathWords, type LiveNamers } from "../../src/dashboard/callPath";
import { createI18n } from "../../src/i18n";
import { namedOutcomes } from "../../src/outcomes";
import type { CallStep } from "../../src/telephony";

function namers(lang: "en" | "ru" | "uk" | "pl"): LiveNamers {
  const { t } = createI18n(lang);
  return {
    kind: (k) => (isKind(k) ? t(`kinds.${k}`) : null),
    // as useOutcomeName names them
    outcome: (o) => ((namedOutcomes as readonly string[]).includes(o) ? t(`outcomes.${o}`) : /^[0-9*#]$/.test(o) ? t("outcomes.key", { key: o }) : o),
    boxStep: (key, target) => t(`people.steps.${key}`, { target }),
    labelled: (kind, label) => t("live.element", { kind, label }),
    running: (name) => t("live.now", { name }),
    earlier: "…",
  };
}

const inMenu: CallStep[] = [
  { step: "in", type: "incoming", outcome: "next" },
  { step: "m", type: "menu", label: "Main", running: true },
];

const ringing: CallStep[] = [
  { step: "in", type: "incoming", outcome: "next" },
  { step: "m", type: "menu", label: "Main", outcome: "1" },
  { step: "ring sip/101", outcome: "no answer" },
  { step: "sales", type: "group", running: true },
];

describe("pathWords", () => {
  it("names the menu a call waits in, in every language", () => {
    expect(pathWords(inMenu, 0, namers("en"))).toBe("Voice menu “Main” (now)");
    expect(pathWords(inMenu, 0, namers("ru"))).toBe("Голосовое меню «Main» (сейчас)");
    expect(pathWords(inMenu, 0, namers("uk"))).toBe("Голосове меню «Main» (зараз)");
    expect(pathWords(inMenu, 0, namers("pl"))).toBe("Menu głosowe „Main” (teraz)");
  });
  it("gives the key pressed, the box's ringing and an unlabelled element with its ID", () => {
    expect(pathWords(ringing, 0, namers("ru"))).toBe("Голосовое меню «Main» → клавиша 1 → Вызов sip/101 → Отдел (группа вызова) (sales) (сейчас)");
    expect(pathWords(ringing, 0, namers("en"))).toBe("Voice menu “Main” → key 1 → Ringing sip/101 → Department (ring group) (sales) (now)");
  });
  it("marks steps left out before the latest", () => {
    expect(pathWords(ringing.slice(2), 5, namers("en"))).toBe("… → Ringing sip/101 → Department (ring group) (sales) (now)");
  });
  it("is empty before the call has passed anything worth showing", () => {
    expect(pathWords([], 0, namers("en"))).toBe("");
    expect(pathWords(inMenu.slice(0, 1), 0, namers("en"))).toBe("");
  });
  it("shows a kind the page does not know as written", () => {
    expect(pathWords([{ step: "x", type: "future_kind", label: "New", outcome: "done" }], 0, namers("en"))).toBe("future_kind “New” → done");
  });
});
