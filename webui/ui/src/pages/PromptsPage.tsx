// PromptsPage lists the box's prompts (the recordings that scenarios,
// routes and mailboxes play), uploads an MP3 or WAV file with its
// progress, plays a prompt in the browser, renames and deletes one, and
// speaks a text with the box's synthesizer to hear it before use.
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { useApp } from "../context";
import { formatDuration, formatPercent } from "../format";
import { SpeechPreview } from "../prompts/SpeechPreview";
import { checkPromptFile, promptName } from "../prompts/upload";
import { percent, upload } from "../upload";
import "../prompts/prompts.css";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";

export interface Prompt {
  id: number;
  name: string;
  file: string;
  duration_ms: number;
}

export function PromptsPage() {
  const { t } = useTranslation();
  const prompts = useLoad<Prompt[]>("/api/prompts");
  const [done, setDone] = useState("");

  return (
    <>
      <ErrorNotice error={prompts.error} />
      {done ? <p className="ok" role="status" id="saved">{done}</p> : null}
      {prompts.data === null ? (
        <p>{t("app.loading")}</p>
      ) : prompts.data.length === 0 ? (
        <p id="no-prompts">{t("prompts.empty")}</p>
      ) : (
        <ul className="prompt-list" id="prompts" aria-label={t("prompts.title")}>
          {prompts.data.map((p) => (
            <PromptItem key={p.id} prompt={p} onChanged={async (text) => { setDone(text); await prompts.reload(); }} />
          ))}
        </ul>
      )}
      <div className="prompt-forms">
        <UploadForm onUploaded={async (p) => { setDone(t("prompts.uploaded", { name: p.name })); await prompts.reload(); }} />
        <SpeechPreview />
      </div>
    </>
  );
}

function PromptItem({ prompt, onChanged }: { prompt: Prompt; onChanged: (done: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(prompt.name);
  const { busy, error, run } = useAction();

  const rename = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    void run(async () => {
      const out = await client.put<Prompt>(`/api/prompts/${prompt.id}`, { name: name.trim() });
      setRenaming(false);
      await onChanged(t("prompts.renamed", { name: out.name }));
    });
  };
  const remove = () =>
    void run(async () => {
      await client.request("DELETE", `/api/prompts/${prompt.id}`);
      await onChanged(t("prompts.deleted", { name: prompt.name }));
    });

  return (
    <li className="card prompt" data-prompt={prompt.name} data-id={prompt.id}>
      <div className="prompt-head">
        <strong className="prompt-name">{prompt.name}</strong>
        <span className="muted">{formatDuration(prompt.duration_ms / 1000, i18n.language)}</span>
      </div>
      {/* preload none: the box sends the file only when the admin plays it. */}
      <audio controls preload="none" src={`/api/prompts/${prompt.id}/audio`} aria-label={t("prompts.listen", { name: prompt.name })} />
      <ErrorNotice error={error} />
      {renaming ? (
        <form className="rename" onSubmit={rename}>
          <Field name={`name-${prompt.id}`} label={t("prompts.newName")} error={error} value={name} maxLength={80} required autoFocus
            onChange={(e) => setName(e.target.value)} />
          <div className="prompt-tools">
            <button type="submit" disabled={busy}>{t("prompts.saveName")}</button>
            <button type="button" className="secondary" onClick={() => { setRenaming(false); setName(prompt.name); }}>{t("prompts.cancel")}</button>
          </div>
        </form>
      ) : (
        <div className="prompt-tools">
          <button type="button" className="secondary" onClick={() => setRenaming(true)}>{t("prompts.rename")}</button>
          <ConfirmButton label={t("prompts.delete")} confirmLabel={t("prompts.confirmDelete", { name: prompt.name })} busy={busy} onConfirm={remove} />
        </div>
      )}
    </li>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (p: Prompt) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [name, setName] = useState("");
  const file = useRef<HTMLInputElement>(null);
  const { busy, error, setError, run } = useAction();

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = file.current?.files?.[0];
    if (!f) return;
    const problem = checkPromptFile(f);
    if (problem) {
      // Refused as the box would refuse it, on the file field.
      setError(new ApiError(0, t(problem, { name: f.name }), "file"));
      return;
    }
    const form = new FormData();
    form.append("name", name.trim() || promptName(f.name));
    form.append("file", f);
    setProgress(0);
    void run(async () => {
      try {
        const p = await upload<Prompt>("/api/prompts", form, client.csrf, (sent) => setProgress(sent.total > 0 ? percent(sent) : null));
        setName("");
        if (file.current) file.current.value = "";
        await onUploaded(p);
      } finally {
        setProgress(undefined);
      }
    });
  };

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t("prompts.upload")}</h2>
      <ErrorNotice error={error} />
      <form id="upload-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="field-file">{t("prompts.file")}</label>
          <input id="field-file" name="file" type="file" ref={file} accept=".mp3,.wav,audio/mpeg,audio/wav,audio/x-wav" required
            aria-describedby="field-file-hint" onChange={() => setError(null)} />
          <small id="field-file-hint" className="hint">{t("prompts.fileHint")}</small>
        </div>
        <Field name="name" label={t("prompts.name")} hint={t("prompts.nameHint")} error={error} value={name} maxLength={80} autoComplete="off"
          onChange={(e) => setName(e.target.value)} />
        {progress !== undefined ? (
          <div className="upload-progress">
            <progress id="upload-progress" max={100} value={progress ?? undefined} aria-label={t("prompts.sending")} />
            <span>{progress === null ? t("prompts.sending") : formatPercent(progress, i18n.language)}</span>
          </div>
        ) : null}
        <button type="submit" disabled={busy}>{t("prompts.submit")}</button>
      </form>
    </section>
  );
}
