// SecretField is a Field for a secret the box keeps: it shows "(kept)"
// while one is stored, and says that leaving it keeps the secret.
import { useTranslation } from "react-i18next";

import { Field } from "../components/Field";
import { keptSecret } from "./backends";

interface Props {
  name: string;
  label: string;
  error: unknown;
  stored: string | undefined;
}

export function SecretField({ name, label, error, stored }: Props) {
  const { t } = useTranslation();
  const kept = stored === keptSecret;
  return (
    <Field name={name} label={label} error={error} defaultValue={stored ?? ""} autoComplete="off" spellCheck={false}
      hint={kept ? t("integrations.secretKept", { kept: keptSecret }) : t("integrations.secretHint")} />
  );
}
