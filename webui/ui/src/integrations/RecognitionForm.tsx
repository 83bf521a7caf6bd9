// RecognitionForm sets the speech recognition service that question-answer
// elements send what the caller says to: an HTTP endpoint that takes 8 kHz
// WAV and answers JSON with the text.
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Choice } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { text } from "../forms";
import { languageNames, routeLanguages } from "../inbound/options";
import { parseHeaders, timeout, type RecognitionConfig } from "./backends";
import { HeadersField } from "./HeadersField";
import { SettingActions } from "./SettingActions";
import { useSetting } from "./useSetting";

export function RecognitionForm() {
  const { t } = useTranslation();
  const s = useSetting<RecognitionConfig>("speech_recognition");
  const c = s.setting?.value ?? null;

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    s.save({
      url: text(f, "speech_recognition.url"),
      headers: parseHeaders(String(f.get("speech_recognition.headers") ?? "")),
      text_field: text(f, "speech_recognition.text_field"),
      language: text(f, "speech_recognition.language"),
      timeout_ms: timeout(text(f, "speech_recognition.timeout_ms")),
    } satisfies RecognitionConfig);
  };

  return (
    <div className="backend" id="speech-recognition">
      <h3>{t("integrations.recognition.title")}</h3>
      <p className="hint">{c ? t("integrations.configured") : t("integrations.recognition.none")}</p>
      <ErrorNotice error={s.loadError ?? s.error} />
      {s.setting ? (
        <form id="recognition-form" key={JSON.stringify(c)} onSubmit={submit}>
          <Field name="speech_recognition.url" label={t("integrations.url")} hint={t("integrations.recognition.urlHint")} error={s.error}
            defaultValue={c?.url} inputMode="url" autoComplete="off" />
          <Field name="speech_recognition.text_field" label={t("integrations.recognition.textField")} hint={t("integrations.fieldHint")} error={s.error}
            defaultValue={c?.text_field ?? "text"} autoComplete="off" />
          <Choice name="speech_recognition.language" label={t("integrations.recognition.language")} error={s.error} defaultValue={c?.language ?? "en"}
            options={routeLanguages.map((l) => ({ value: l, label: languageNames[l] }))} />
          <HeadersField name="speech_recognition.headers" error={s.error} stored={c?.headers} />
          <Field name="speech_recognition.timeout_ms" label={t("integrations.timeout")} error={s.error} defaultValue={c?.timeout_ms || ""} inputMode="numeric" autoComplete="off" />
          <SettingActions id="recognition" configured={c !== null} busy={s.busy} saved={s.saved} onRemove={s.remove} />
        </form>
      ) : null}
    </div>
  );
}
