// ScenarioPage loads one scenario and opens it in the editor, with its
// versions below; a rollback opens the rolled-back graph.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Link } from "../components/Link";
import { useApp } from "../context";
import { ScenarioEditor } from "../editor/ScenarioEditor";
import { VersionsPanel } from "../editor/VersionsPanel";
import type { Scenario } from "../types";

export function ScenarioPage({ id, onTitle }: { id: number; onTitle: (name: string) => void }) {
  const { t } = useTranslation();
  const { client, navigate } = useApp();
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [opened, setOpened] = useState(0); // a rollback opens the graph anew
  const [saves, setSaves] = useState(0);
  const saved = useCallback(() => setSaves((n) => n + 1), []);
  const rolledBack = useCallback((s: Scenario) => {
    setScenario(s);
    setOpened((n) => n + 1);
  }, []);
  useEffect(() => {
    client.get<Scenario>(`/api/scenarios/${id}`).then(
      (s) => {
        setScenario(s);
        onTitle(s.name);
      },
      setError,
    );
  }, [client, id, onTitle]);

  const back = (
    <p className="back">
      <Link href="/scenarios" navigate={navigate}>
        ← {t("scenarios.back")}
      </Link>
    </p>
  );
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {back}
        {missing ? <p role="alert">{t("scenarios.notFound")}</p> : <ErrorNotice error={error} />}
      </>
    );
  }
  if (!scenario) return <p>{t("app.loading")}</p>;
  return (
    <>
      {back}
      <ReactFlowProvider key={opened}>
        <ScenarioEditor scenario={scenario} onSaved={saved} />
      </ReactFlowProvider>
      <VersionsPanel scenarioId={scenario.id} reload={saves + opened} onRolledBack={rolledBack} />
    </>
  );
}
