import { useTranslation } from "react-i18next";

import { showHeaders } from "./backends";

// HeadersField is a textarea of HTTP headers, one "Name: value" per line.
export function HeadersField({ name, error, stored }: { name: string; error: unknown; stored: Record<string, string> | undefined }) {
  const { t } = useTranslation();
  const invalid = (error as { field?: string } | null)?.field === name;
  const id = `field-${name}`;
  return (
    <div className={invalid ? "field invalid" : "field"}>
      <label htmlFor={id}>{t("integrations.headers")}</label>
      <textarea id={id} name={name} rows={2} defaultValue={showHeaders(stored)} spellCheck={false} autoComplete="off"
        aria-invalid={invalid || undefined} aria-describedby={invalid ? "error" : `${id}-hint`} />
      <small id={`${id}-hint`} className="hint">{t("integrations.headersHint")}</small>
    </div>
  );
}
