// UpdateSection shows the firmware's slots and how the last update ended,
// with a rollback's reason, and installs a bundle uploaded with progress;
// while the upload runs it follows GET /api/update.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { formatDateTime, formatPercent } from "../format";
import { useAction } from "../useAction";
import { useLoad } from "../useLoad";
import type { UpdateState } from "./types";
import { percent, upload, type Progress } from "../upload";

export function UpdateSection() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const state = useLoad<UpdateState>("/api/update");
  const { busy, error, run } = useAction();
  const [sent, setSent] = useState<Progress | null>(null);
  const [done, setDone] = useState("");

  // While a bundle goes up the box checks and installs it: follow its
  // state each second until the upload's answer comes.
  useEffect(() => {
    if (!busy) return;
    const timer = window.setInterval(() => void state.reload(), 1000);
    return () => window.clearInterval(timer);
  }, [busy, state]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const file = new FormData(ev.currentTarget).get("bundle");
    if (!(file instanceof File) || file.size === 0) return;
    setDone("");
    void run(async () => {
      const out = await upload<{ installed: { version: string } }>("/api/update", file, client.csrf, setSent);
      setDone(t("system.update.installed", { version: out.installed.version }));
      await state.reload();
    }).finally(() => setSent(null));
  };

  const s = state.data;
  const other = s?.slots?.find((x) => x.bootname !== s.slot);
  const op = s && s.operation !== "idle" ? s : null;
  return (
    <section className="card" aria-labelledby="update-title" id="update">
      <h2 id="update-title">{t("system.update.title")}</h2>
      <ErrorNotice error={state.error} />
      {s ? (
        <dl>
          <div className="row"><dt>{t("system.update.running")}</dt><dd id="update-version">{s.version}{s.slot ? ` (${t("system.update.slot", { slot: s.slot })})` : ""}</dd></div>
          {other ? (
            <div className="row"><dt>{t("system.update.other", { slot: other.bootname })}</dt><dd>{other.version || t("system.update.factory")} · {other.boot_status}</dd></div>
          ) : null}
          {s.last ? (
            <div className="row" id="update-last" data-result={s.last.result}>
              <dt>{t("system.update.last")}</dt>
              <dd>
                {s.last.result === "rolled-back"
                  ? t("system.update.rolledBack", { version: s.last.version, reason: s.last.reason || t("system.update.noReason") })
                  : t("system.update.lastInstalled", { version: s.last.version })}{" "}
                <small className="hint">{formatDateTime(s.last.at, i18n.language)}</small>
              </dd>
            </div>
          ) : null}
          {s.pending ? <div className="row"><dt>{t("system.update.pending")}</dt><dd>{s.pending.version}</dd></div> : null}
          {op ? (
            <div className="row" id="update-operation"><dt>{t(`system.update.ops.${op.operation}`, { defaultValue: op.operation })}</dt><dd>{op.message ?? ""} {formatPercent(op.progress, i18n.language)}</dd></div>
          ) : null}
          {s.error ? <div className="row"><dt>{t("system.update.failed")}</dt><dd>{s.error}</dd></div> : null}
        </dl>
      ) : null}
      {s && !s.available ? <p className="hint" id="update-unavailable">{t("system.update.unavailable")}</p> : null}
      {done ? <p className="ok" role="status" id="update-done">{done}</p> : null}
      <ErrorNotice error={error} />
      <form id="update-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="field-bundle">{t("system.update.file")}</label>
          <input id="field-bundle" name="bundle" type="file" accept=".raucb" required disabled={busy || !s?.available} />
        </div>
        {sent ? (
          <p>
            <progress id="update-progress" max={100} value={percent(sent)} aria-label={t("system.upload")} /> {formatPercent(percent(sent), i18n.language)}
          </p>
        ) : null}
        <button type="submit" disabled={busy || !s?.available}>{t("system.update.submit")}</button>
      </form>
    </section>
  );
}
