// JsonParams edits an element's parameters as JSON, for the kinds that have
// no form (and for any parameter a form leaves out). Text that is not a
// JSON object is kept as typed and marked, and changes nothing.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Params } from "../elementParams";

function show(p: Params): string {
  return JSON.stringify(p, null, 2);
}

// parseParams reads the text of the editor: the parameters, or the
// reason they cannot be read.
export function parseParams(text: string): { params: Params } | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { error: "" };
  return { params: v as Params };
}

export function JsonParams({ params, onChange }: { params: Params; onChange: (p: Params) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => show(params));
  const [error, setError] = useState<string | null>(null);
  // When the form changes the parameters, the text follows, unless it
  // already says the same.
  useEffect(() => {
    setText((old) => {
      const r = parseParams(old);
      return "params" in r && JSON.stringify(r.params) === JSON.stringify(params) ? old : show(params);
    });
  }, [params]);
  return (
    <div className={`field${error !== null ? " invalid" : ""}`}>
      <label htmlFor="param-json">{t("editor.json")}</label>
      <textarea
        id="param-json"
        className="json"
        rows={8}
        spellCheck={false}
        value={text}
        aria-invalid={error !== null || undefined}
        aria-describedby={error !== null ? "param-json-error" : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const r = parseParams(e.target.value);
          if ("params" in r) {
            setError(null);
            onChange(r.params);
          } else {
            setError(r.error);
          }
        }}
      />
      {error !== null ? (
        <small className="field-error" id="param-json-error">
          {t("editor.jsonInvalid")} {error}
        </small>
      ) : null}
    </div>
  );
}
