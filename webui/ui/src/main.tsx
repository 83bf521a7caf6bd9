// The entry point: pick the language, then render the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";

import { App } from "./App";
import { createI18n, detectLanguage, storageKey } from "./i18n";
import "./styles.css";

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

const i18n = createI18n(detectLanguage(storedLanguage(), navigator.languages ?? [navigator.language]));
const setLang = (lang: string) => {
  document.documentElement.lang = lang;
};
setLang(i18n.language);
i18n.on("languageChanged", setLang);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
