// ScenariosPage lists the scenarios; each opens in the graph view.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { ErrorNotice } from "../components/ErrorNotice";
import { Link } from "../components/Link";
import { useApp } from "../context";
import { toGraph } from "../scenarioGraph";
import type { Scenario } from "../types";

export function ScenariosPage() {
  const { t } = useTranslation();
  const { client, navigate } = useApp();
  const [list, setList] = useState<Scenario[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    client.get<Scenario[]>("/api/scenarios").then(setList, setError);
  }, [client]);

  if (error) return <ErrorNotice error={error} />;
  if (list === null) return <p>{t("app.loading")}</p>;
  if (list.length === 0) return <p>{t("scenarios.empty")}</p>;
  return (
    <ul className="scenario-list" id="scenarios">
      {list.map((s) => (
        <li key={s.id} className="card">
          <Link href={`/scenarios/${s.id}`} navigate={navigate} aria-label={t("scenarios.open", { name: s.name })}>
            {s.name}
          </Link>
          <span className="muted">{t("scenarios.elements", { count: toGraph(s.document).nodes.length })}</span>
        </li>
      ))}
    </ul>
  );
}
