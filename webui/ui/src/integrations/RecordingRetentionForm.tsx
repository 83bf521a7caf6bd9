// RecordingRetentionForm sets how many days the box keeps call
// recordings; 0 keeps them until deleted.
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { int } from "../forms";
import { SettingActions } from "./SettingActions";
import { useSetting } from "./useSetting";

export function RecordingRetentionForm() {
  const { t } = useTranslation();
  const s = useSetting<number>("recording_retention_days");
  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    s.save(int(new FormData(ev.currentTarget), "recording_retention_days"));
  };
  return (
    <div className="backend" id="recording-retention">
      <h3>{t("integrations.retention.title")}</h3>
      <ErrorNotice error={s.loadError ?? s.error} />
      {s.setting ? (
        <form id="retention-form" key={`${s.setting.value}:${s.setting.default}`} onSubmit={submit}>
          <Field name="recording_retention_days" label={t("integrations.retention.days")} hint={t("integrations.retention.hint")} error={s.error}
            defaultValue={String(s.setting.value ?? "")} type="number" min={0} inputMode="numeric" required />
          <SettingActions id="retention" configured={!s.setting.default} busy={s.busy} saved={s.saved} onRemove={s.remove} />
        </form>
      ) : null}
    </div>
  );
}
