// App decides what the browser sees: the setup or login page until an
// admin is logged in, then the pages of the admin UI.
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { ApiError, Client } from "./api";
import { ErrorNotice } from "./components/ErrorNotice";
import { Layout } from "./components/Layout";
import { AppContext, type App as AppValue } from "./context";
import { useLocationPath } from "./navigation";
import { AuthPage } from "./pages/AuthPage";
import { CallsPage } from "./pages/CallsPage";
import { DashboardPage } from "./pages/DashboardPage";
import { ExtensionsPage } from "./pages/ExtensionsPage";
import { FxoLinesPage } from "./pages/FxoLinesPage";
import { FxsPortsPage } from "./pages/FxsPortsPage";
import { GsmPage } from "./pages/GsmPage";
import { LabPage } from "./pages/LabPage";
import { ListsPage } from "./pages/ListsPage";
import { GroupsPage } from "./pages/GroupsPage";
import { OutboundRulesPage } from "./pages/OutboundRulesPage";
import { PromptsPage } from "./pages/PromptsPage";
import { RoutesPage } from "./pages/RoutesPage";
import { ScenarioPage } from "./pages/ScenarioPage";
import { ScenariosPage } from "./pages/ScenariosPage";
import { SchedulesPage } from "./pages/SchedulesPage";
import { SystemPage } from "./pages/SystemPage";
import { TrunksPage } from "./pages/TrunksPage";
import { VoicemailPage } from "./pages/VoicemailPage";
import { matchRoute } from "./routes";
import type { Session } from "./types";

type Phase =
  | { kind: "loading" }
  | { kind: "failed"; error: unknown }
  | { kind: "setup" | "login"; notice: unknown }
  | { kind: "in"; session: Session };

export function App() {
  const { t } = useTranslation();
  const client = useMemo(() => new Client(), []);
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [path, navigate] = useLocationPath();
  const [scenarioName, setScenarioName] = useState("");

  // start finds out whether the browser is logged in, else whether the box
  // waits for its first-run setup.
  const start = useCallback(
    async (notice: unknown = null) => {
      try {
        client.csrf = (await client.get<{ csrf_token: string }>("/api/csrf")).csrf_token;
        try {
          const session = await client.get<Session>("/api/session");
          client.csrf = session.csrf_token;
          setPhase({ kind: "in", session });
          return;
        } catch (e) {
          if (!(e instanceof ApiError) || e.status !== 401) throw e;
        }
        const setup = await client.get<{ needed: boolean }>("/api/setup");
        setPhase({ kind: setup.needed ? "setup" : "login", notice });
      } catch (e) {
        setPhase({ kind: "failed", error: e });
      }
    },
    [client],
  );
  useEffect(() => {
    void start();
  }, [start]);

  const onSession = useCallback(
    (session: Session) => {
      client.csrf = session.csrf_token;
      setPhase({ kind: "in", session });
    },
    [client],
  );
  const sessionEnded = useCallback(() => {
    void start(new ApiError(401, t("errors.sessionEnded")));
  }, [start, t]);
  const logout = useCallback(async () => {
    try {
      await client.post("/api/logout");
    } catch {
      // Logged out or not, the page starts over.
    }
    void start();
  }, [client, start]);

  const session = phase.kind === "in" ? phase.session : null;
  // The lab page exists on the simulated board only; the session says so,
  // and only the lab page reads the simulated world.
  const lab = session?.lab === true;
  const app = useMemo<AppValue | null>(
    () => (session ? { client, session, navigate, sessionEnded } : null),
    [client, session, navigate, sessionEnded],
  );

  switch (phase.kind) {
    case "loading":
      return <p className="loading">{t("app.loading")}</p>;
    case "failed":
      return (
        <main id="content" className="narrow">
          <ErrorNotice error={phase.error} />
        </main>
      );
    case "setup":
    case "login":
      return <AuthPage key={phase.kind} mode={phase.kind} client={client} notice={phase.notice} onSession={onSession} />;
  }

  const route = matchRoute(path);
  let section: string = route.page;
  let title: string;
  let page;
  switch (route.page) {
    case "dashboard":
      title = t("dashboard.title");
      page = <DashboardPage />;
      break;
    case "extensions":
      title = t("extensions.title");
      page = <ExtensionsPage />;
      break;
    case "scenarios":
      title = t("scenarios.title");
      page = <ScenariosPage />;
      break;
    case "scenario":
      section = "scenarios";
      title = scenarioName || t("scenarios.title");
      page = <ScenarioPage key={route.id} id={route.id} onTitle={setScenarioName} />;
      break;
    case "routes":
      title = t("pages.routes");
      page = <RoutesPage />;
      break;
    case "trunks":
      title = t("pages.trunks");
      page = <TrunksPage />;
      break;
    case "rules":
      title = t("pages.rules");
      page = <OutboundRulesPage />;
      break;
    case "fxs":
      title = t("pages.fxs");
      page = <FxsPortsPage />;
      break;
    case "fxo":
      title = t("pages.fxo");
      page = <FxoLinesPage />;
      break;
    case "gsm":
      title = t("pages.gsm");
      page = <GsmPage />;
      break;
    case "prompts":
      title = t("prompts.title");
      page = <PromptsPage />;
      break;
    case "schedules":
      title = t("schedules.title");
      page = <SchedulesPage />;
      break;
    case "calls":
      title = t("calls.title");
      page = <CallsPage />;
      break;
    case "voicemail":
      title = t("voicemail.title");
      page = <VoicemailPage />;
      break;
    case "lists":
      title = t("lists.title");
      page = <ListsPage />;
      break;
    case "groups":
      title = t("groups.title");
      page = <GroupsPage />;
      break;
    case "system":
      title = t("system.title");
      page = <SystemPage />;
      break;
    case "lab":
      title = t("lab.title");
      page = lab ? <LabPage /> : <p>{t("lab.none")}</p>;
      break;
    default:
      title = t("errors.notFound");
      page = null;
  }
  return (
    <AppContext.Provider value={app}>
      <Layout section={section} lab={lab} title={title} onLogout={logout}>
        {page}
      </Layout>
    </AppContext.Provider>
  );
}
