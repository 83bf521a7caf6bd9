// SpeechPreview speaks a text with the box's speech synthesizer (POST
// /api/prompts/preview) and plays it, so the admin hears what a scenario's
// speech element would say before a caller does.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Choice } from "../components/Choice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { useAction } from "../useAction";
import { fetchAudio } from "./upload";

const speechLanguages = ["en", "ru", "uk", "pl"] as const;

export function SpeechPreview() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const [audio, setAudio] = useState("");
  const { busy, error, run } = useAction();
  const names = new Intl.DisplayNames([i18n.language], { type: "language" });

  // The object URL of the last preview is freed when another replaces it.
  useEffect(() => () => { if (audio) URL.revokeObjectURL(audio); }, [audio]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const speed = Number(f.get("speed") || 100);
    void run(async () => {
      const blob = await fetchAudio(client, "/api/prompts/preview", {
        text: String(f.get("text") ?? ""),
        language: String(f.get("language") ?? ""),
        voice: String(f.get("voice") ?? ""),
        speed: speed === 100 ? 0 : speed,
      });
      setAudio(URL.createObjectURL(blob));
    });
  };
  const lang = speechLanguages.find((l) => i18n.language.startsWith(l)) ?? "en";

  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("prompts.preview")}</h2>
      <p className="hint">{t("prompts.previewHint")}</p>
      <ErrorNotice error={error} />
      <form id="preview-form" onSubmit={submit}>
        <div className={error && (error as { field?: string }).field === "text" ? "field invalid" : "field"}>
          <label htmlFor="field-text">{t("prompts.text")}</label>
          <textarea id="field-text" name="text" rows={3} maxLength={2000} required defaultValue={t("prompts.sampleText")} />
        </div>
        <Choice name="language" label={t("prompts.language")} error={error} defaultValue={lang}
          options={speechLanguages.map((l) => ({ value: l, label: names.of(l) ?? l }))} />
        <Choice name="voice" label={t("prompts.voice")} error={error} defaultValue=""
          options={[{ value: "", label: t("prompts.voiceDefault") }, { value: "male", label: t("prompts.voiceMale") }, { value: "female", label: t("prompts.voiceFemale") }]} />
        <Field name="speed" label={t("prompts.speed")} error={error} type="number" min={50} max={250} step={10} defaultValue={100} />
        <button type="submit" disabled={busy}>{busy ? t("prompts.speaking") : t("prompts.speak")}</button>
      </form>
      {audio ? <audio id="preview-audio" controls autoPlay src={audio} aria-label={t("prompts.preview")} /> : null}
    </section>
  );
}
