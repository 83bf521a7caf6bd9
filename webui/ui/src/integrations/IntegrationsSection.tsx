// IntegrationsSection gathers the settings of what scenarios reach beyond
// the box, and how long call recordings are kept.
import { useTranslation } from "react-i18next";

import { CrmForm } from "./CrmForm";
import { LanguageModelForm } from "./LanguageModelForm";
import { RecognitionForm } from "./RecognitionForm";
import { RecordingRetentionForm } from "./RecordingRetentionForm";
import "./integrations.css";

export function IntegrationsSection() {
  const { t } = useTranslation();
  return (
    <section className="card integrations" aria-labelledby="integrations-title" id="integrations">
      <h2 id="integrations-title">{t("integrations.title")}</h2>
      <RecordingRetentionForm />
      <CrmForm />
      <RecognitionForm />
      <LanguageModelForm />
    </section>
  );
}
