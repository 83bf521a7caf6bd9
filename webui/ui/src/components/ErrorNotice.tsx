// ErrorNotice shows a failed request: the box's message, the field it
// concerns and, for a scenario, each problem.
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";

export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const message = e ? e.message || t(e.key, { status: e.status }) : String(error);
  return (
    <div className="error" role="alert" id="error">
      <p className="error-message">{message}</p>
      {e?.field ? <p className="error-field">{t("errors.field", { field: e.field })}</p> : null}
      {e && e.problems.length > 0 ? (
        <ul>
          {e.problems.map((p, i) => (
            <li key={i}>
              {p.element ? <code>{p.element}</code> : null} {p.outcome ? <code>{p.outcome}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
