// LanguageSwitcher lets the admin choose the language of the app; the
// choice is kept in the browser.
import { useTranslation } from "react-i18next";

import { storageKey, isLanguage } from "../i18n";
import { languageNames, languages } from "../locales";

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t("nav.language")}</span>
      <select
        id="language"
        value={i18n.language}
        onChange={(ev) => {
          const lang = ev.target.value;
          if (!isLanguage(lang)) return;
          try {
            window.localStorage.setItem(storageKey, lang);
          } catch {
            // A browser that keeps nothing still switches for this visit.
          }
          void i18n.changeLanguage(lang);
        }}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
