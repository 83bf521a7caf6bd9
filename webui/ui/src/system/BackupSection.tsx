// BackupSection downloads a backup of the whole box and restores one
// uploaded with progress; the box refuses a file that is no backup and
// says why. A restore brings the backup's admins, so the page logs in
// again afterwards.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Check } from "../components/Choice";
import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { formatPercent } from "../format";
import { useAction } from "../useAction";
import { percent, upload, type Progress } from "../upload";

export function BackupSection() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const { busy, error, run } = useAction();
  const [sent, setSent] = useState<Progress | null>(null);
  const [restored, setRestored] = useState(false);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const file = new FormData(ev.currentTarget).get("backup");
    if (!(file instanceof File)) return;
    void run(async () => {
      await upload("/api/system/restore", file, client.csrf, setSent);
      setRestored(true);
    }).finally(() => setSent(null));
  };

  return (
    <section className="card" aria-labelledby="backup-title" id="backup">
      <h2 id="backup-title">{t("system.backup.title")}</h2>
      <p className="hint">{t("system.backup.hint")}</p>
      <p>
        <a id="backup-download" href="/api/system/backup" download>{t("system.backup.download")}</a>
      </p>
      <h3>{t("system.backup.restore")}</h3>
      {restored ? (
        <>
          <p className="ok" role="status" id="restored">{t("system.backup.restored")}</p>
          <button type="button" onClick={() => window.location.reload()}>{t("system.backup.logInAgain")}</button>
        </>
      ) : (
        <>
          <ErrorNotice error={error} />
          <form id="restore-form" onSubmit={submit}>
            <div className="field">
              <label htmlFor="field-backup">{t("system.backup.file")}</label>
              <input id="field-backup" name="backup" type="file" accept=".tar.gz,.tgz,application/gzip" required disabled={busy}
                aria-invalid={error ? true : undefined} />
            </div>
            <Check name="replace" label={t("system.backup.replace")} required />
            {sent ? (
              <p>
                <progress id="restore-progress" max={100} value={percent(sent)} aria-label={t("system.upload")} /> {formatPercent(percent(sent), i18n.language)}
              </p>
            ) : null}
            <button type="submit" className="danger" disabled={busy}>{t("system.backup.submit")}</button>
          </form>
        </>
      )}
    </section>
  );
}
