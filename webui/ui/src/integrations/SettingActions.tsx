// SettingActions are the buttons of a setting's form: save, and remove
// while it is set; and what the last of them did.
import { useTranslation } from "react-i18next";

interface Props {
  id: string;
  configured: boolean;
  busy: boolean;
  saved: "" | "saved" | "removed";
  onRemove: () => void;
}

export function SettingActions({ id, configured, busy, saved, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <div className="buttons">
      <button type="submit" disabled={busy}>{t("integrations.save")}</button>
      {configured ? (
        <button type="button" className="secondary" disabled={busy} onClick={onRemove}>{t("integrations.remove")}</button>
      ) : null}
      {saved ? <span className="ok" role="status" id={`${id}-saved`}>{t(`integrations.${saved}`)}</span> : null}
    </div>
  );
}
