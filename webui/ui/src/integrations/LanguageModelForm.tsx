// LanguageModelForm sets the language model that answers callers in AI
// elements: a chat completion endpoint, the model and its key.
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { text } from "../forms";
import { timeout, type LanguageModelConfig } from "./backends";
import { SecretField } from "./SecretField";
import { SettingActions } from "./SettingActions";
import { useSetting } from "./useSetting";

export function LanguageModelForm() {
  const { t } = useTranslation();
  const s = useSetting<LanguageModelConfig>("language_model");
  const c = s.setting?.value ?? null;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    s.save({
      url: text(f, "language_model.url"),
      model: text(f, "language_model.model"),
      api_key: text(f, "language_model.api_key"),
      timeout_ms: timeout(text(f, "language_model.timeout_ms")),
    } satisfies LanguageModelConfig);
  };

  return (
    <div className="backend" id="language-model">
      <h3>{t("integrations.model.title")}</h3>
      <p className="hint">{c ? t("integrations.configured") : t("integrations.model.none")}</p>
      <ErrorNotice error={s.loadError ?? s.error} />
      {s.setting ? (
        <form id="model-form" key={JSON.stringify(c)} onSubmit={submit}>
          <Field name="language_model.url" label={t("integrations.url")} hint={t("integrations.model.urlHint")} error={s.error}
            defaultValue={c?.url} inputMode="url" autoComplete="off" />
          <Field name="language_model.model" label={t("integrations.model.model")} error={s.error} defaultValue={c?.model} autoComplete="off" />
          <SecretField name="language_model.api_key" label={t("integrations.model.key")} error={s.error} stored={c?.api_key} />
          <Field name="language_model.timeout_ms" label={t("integrations.timeout")} error={s.error} defaultValue={c?.timeout_ms || ""} inputMode="numeric" autoComplete="off" />
          <SettingActions id="model" configured={c !== null} busy={s.busy} saved={s.saved} onRemove={s.remove} />
        </form>
      ) : null}
    </div>
  );
}
