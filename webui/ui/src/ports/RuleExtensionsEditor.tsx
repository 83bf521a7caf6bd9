// RuleExtensionsEditor picks the extensions that may use an outbound rule:
// a checkbox per extension, saved as a whole; none ticked opens the rule
// to every extension whose outbound level allows.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { CheckList } from "../components/CheckList";
import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import type { Extension } from "../types";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import { pickExtension, sameExtensions } from "./ruleExtensions";

// extensionLabel is how a picker shows an extension: its number and name.
export const extensionLabel = (x: Extension) => (x.name ? `${x.number} ${x.name}` : x.number);

export function RuleExtensionsEditor({ rule, extensions }: { rule: number; extensions: Extension[] }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const path = `/api/outbound-rules/${rule}/extensions`;
  const stored = useLoad<string[]>(path);
  const [picked, setPicked] = useState<string[]>([]);
  const [saved, setSaved] = useState<string[] | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (stored.data) {
      setPicked(stored.data);
      setSaved(stored.data);
    }
  }, [stored.data]);

  const all = extensions.map((x) => x.number);
  const save = () =>
    void run(async () => {
      const out = await client.put<string[]>(path, picked);
      setPicked(out);
      setSaved(out);
    });
  const dirty = saved !== null && !sameExtensions(picked, saved);

  return (
    <fieldset className="rule-extensions" id="rule-extensions">
      <legend>{t("ruleExts.title")}</legend>
      <p className="hint" id="rule-extensions-hint">{t("ruleExts.hint")}</p>
      <ErrorNotice error={stored.error ?? error} />
      {extensions.length === 0 ? <p className="muted">{t("ruleExts.noExtensions")}</p> : null}
      <CheckList id="rule-ext" describedBy="rule-extensions-hint" items={extensions.map((x) => ({ value: x.number, label: extensionLabel(x) }))}
        picked={picked} onPick={(n, on) => setPicked(pickExtension(picked, all, n, on))} />
      <button type="button" id="save-rule-extensions" disabled={busy || !dirty} onClick={save}>{t("ruleExts.save")}</button>
      <p role="status" id="rule-extensions-status" className={dirty ? "muted" : "ok"}>
        {saved === null ? "" : dirty ? t("ruleExts.unsaved") : saved.length === 0 ? t("ruleExts.open") : t("ruleExts.kept", { numbers: saved.join(", ") })}
      </p>
    </fieldset>
  );
}
