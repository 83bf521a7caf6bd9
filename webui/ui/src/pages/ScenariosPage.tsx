// ScenariosPage lists the scenarios, each of which opens in the editor,
// creates new ones and deletes one.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmButton } from "../components/ConfirmButton";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/Field";
import { Link } from "../components/Link";
import { useApp } from "../context";
import { schemaVersion, toGraph } from "../scenarioGraph";
import type { Scenario } from "../types";

// starter is a new scenario's graph: an incoming call that hangs up, the
// smallest scenario the box accepts.
export const starter = {
  schema: schemaVersion,
  elements: [
    { id: "in", type: "incoming", params: {}, next: { next: "end" }, pos: { x: 0, y: 0 } },
    { id: "end", type: "hangup", params: {}, pos: { x: 320, y: 0 } },
  ],
};

export function ScenariosPage() {
  const { t } = useTranslation();
  const { client, navigate } = useApp();
  const [list, setList] = useState<Scenario[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [createError, setCreateError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client.get<Scenario[]>("/api/scenarios").then(setList, setError);
  }, [client]);

  // A scenario that a route or another scenario still uses is refused by
  // the box, which names the user.
  const [removed, setRemoved] = useState("");
  const [removeError, setRemoveError] = useState<unknown>(null);
  const remove = async (sc: Scenario) => {
    setBusy(true);
    setRemoved("");
    setRemoveError(null);
    try {
      await client.request("DELETE", `/api/scenarios/${sc.id}`);
      setList((l) => l && l.filter((x) => x.id !== sc.id));
      setRemoved(t("removal.deleted", { name: sc.name }));
    } catch (e) {
      setRemoveError(e);
    } finally {
      setBusy(false);
    }
  };

  const create = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const name = String(new FormData(ev.currentTarget).get("name") ?? "").trim();
    setBusy(true);
    try {
      const sc = await client.post<Scenario>("/api/scenarios", { name, document: starter });
      navigate(`/scenarios/${sc.id}`);
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorNotice error={error} />
      <ErrorNotice error={removeError} />
      {removed ? <p className="ok" role="status" id="saved">{removed}</p> : null}
      {list === null ? (
        error ? null : <p>{t("app.loading")}</p>
      ) : list.length === 0 ? (
        <p>{t("scenarios.empty")}</p>
      ) : (
        <ul className="scenario-list" id="scenarios">
          {list.map((s) => (
            <li key={s.id} className="card">
              <Link href={`/scenarios/${s.id}`} navigate={navigate} aria-label={t("scenarios.open", { name: s.name })}>
                {s.name}
              </Link>
              <span className="muted">{t("scenarios.elements", { count: toGraph(s.document).nodes.length })}</span>
              <ConfirmButton label={t("removal.delete")} confirmLabel={t("removal.confirm", { name: s.name })} busy={busy} onConfirm={() => void remove(s)} />
            </li>
          ))}
        </ul>
      )}
      <section className="card form-card" aria-labelledby="new-scenario">
        <h2 id="new-scenario">{t("scenarios.create")}</h2>
        <ErrorNotice error={createError} />
        <form id="scenario-form" onSubmit={create}>
          <Field name="name" label={t("scenarios.name")} error={createError} autoComplete="off" required />
          <button type="submit" disabled={busy}>
            {t("scenarios.submit")}
          </button>
        </form>
      </section>
    </>
  );
}
