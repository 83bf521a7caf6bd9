// CallsPage is the call log: filters by date, number, line and outcome,
// the calls newest first with older pages on demand, a CSV export of the
// same filters, and per call the path it took through its scenario, its
// legs and, when the call was recorded, its recording.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { CallDetails } from "../calls/CallDetails";
import { callQuery, noFilter, outcomes, party, type Call, type CallFilter, type CallPage } from "../calls/query";
import "../calls/calls.css";
import { ErrorNotice } from "../components/ErrorNotice";
import { useApp } from "../context";
import { formatClock, formatDateTime } from "../format";

// lineKinds are the kinds of line the filter offers; a line such as
// "fxs/1" or "gsm/2" may be typed too.
const lineKinds = ["fxs", "fxo", "gsm", "sip"];

export function CallsPage() {
  const { t, i18n } = useTranslation();
  const { client } = useApp();
  const [filter, setFilter] = useState<CallFilter>(noFilter);
  const [calls, setCalls] = useState<Call[] | null>(null);
  const [next, setNext] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<number | null>(null);
  const lang = i18n.language;

  // load reads the first page of f, or with before the page after it.
  const load = useCallback(
    async (f: CallFilter, before?: number) => {
      try {
        const page = await client.get<CallPage>(`/api/calls${callQuery(f, before)}`);
        setCalls((old) => (before ? [...(old ?? []), ...page.calls] : page.calls));
        setNext(page.next);
        setError(null);
      } catch (e) {
        setError(e);
      }
    },
    [client],
  );
  useEffect(() => {
    void load(noFilter);
  }, [load]);

  const submit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const d = new FormData(ev.currentTarget);
    const f: CallFilter = {
      from: String(d.get("from") ?? ""),
      to: String(d.get("to") ?? ""),
      number: String(d.get("number") ?? ""),
      line: String(d.get("line") ?? ""),
      outcome: String(d.get("outcome") ?? ""),
    };
    setFilter(f);
    setOpen(null);
    setCalls(null);
    void load(f);
  };
  const invalid = (field: string) => (error as { field?: string } | null)?.field === field || undefined;

  return (
    <>
      <form id="call-filter" className="call-filter card" onSubmit={submit} aria-label={t("calls.filters")}>
        <div className="field">
          <label htmlFor="filter-from">{t("calls.from")}</label>
          <input id="filter-from" name="from" type="date" aria-invalid={invalid("from")} />
        </div>
        <div className="field">
          <label htmlFor="filter-to">{t("calls.to")}</label>
          <input id="filter-to" name="to" type="date" aria-invalid={invalid("to")} />
        </div>
        <div className="field">
          <label htmlFor="filter-number">{t("calls.number")}</label>
          <input id="filter-number" name="number" inputMode="tel" maxLength={32} autoComplete="off" aria-invalid={invalid("number")} />
        </div>
        <div className="field">
          <label htmlFor="filter-line">{t("calls.line")}</label>
          <input id="filter-line" name="line" list="line-kinds" maxLength={32} autoComplete="off" placeholder="gsm, fxs/1" aria-invalid={invalid("channel")} />
          <datalist id="line-kinds">
            {lineKinds.map((k) => <option key={k} value={k} />)}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="filter-outcome">{t("calls.outcome")}</label>
          <select id="filter-outcome" name="outcome" defaultValue="">
            <option value="">{t("calls.anyOutcome")}</option>
            {outcomes.map((o) => <option key={o} value={o}>{t(`calls.outcomes.${o}`)}</option>)}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit">{t("calls.apply")}</button>
          <a id="csv" className="button secondary" href={`/api/calls.csv${callQuery(filter)}`} download="calls.csv">{t("calls.csv")}</a>
        </div>
      </form>
      <ErrorNotice error={error} />
      {calls === null ? (
        error ? null : <p>{t("app.loading")}</p>
      ) : calls.length === 0 ? (
        <p id="no-calls-logged">{t("calls.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("calls.title")}>
          <table id="call-log">
            <thead>
              <tr>
                <th scope="col">{t("calls.started")}</th>
                <th scope="col">{t("calls.caller")}</th>
                <th scope="col">{t("calls.callee")}</th>
                <th scope="col">{t("calls.lines")}</th>
                <th scope="col">{t("calls.outcome")}</th>
                <th scope="col">{t("calls.talk")}</th>
                <th scope="col"><span className="visually-hidden">{t("calls.details")}</span></th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <CallRow key={c.id} call={c} lang={lang} open={open === c.id} onToggle={() => setOpen(open === c.id ? null : c.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <button type="button" id="older" className="secondary older" onClick={() => void load(filter, next)}>{t("calls.older")}</button>
      ) : null}
    </>
  );
}

interface CallRowProps {
  call: Call;
  lang: string;
  open: boolean;
  onToggle: () => void;
}

function CallRow({ call: c, lang, open, onToggle }: CallRowProps) {
  const { t } = useTranslation();
  return (
    <>
      <tr data-call={c.id} data-outcome={c.outcome}>
        <td>{formatDateTime(c.started_at, lang)}</td>
        <td data-key="caller">{party(c.caller, c.caller_name) || "–"}</td>
        <td data-key="callee">{c.callee || "–"}</td>
        <td data-key="lines">{[c.source, c.destination].filter(Boolean).join(" → ")}</td>
        <td data-key="outcome"><span className={`outcome outcome-${c.outcome}`}>{t(`calls.outcomes.${c.outcome}`, { defaultValue: c.outcome })}</span></td>
        <td data-key="talk">{c.answered_at ? formatClock(c.talk_s, lang) : "–"}{c.recorded ? <span className="rec" data-recorded title={t("calls.recorded")} aria-label={t("calls.recorded")}> ●</span> : null}</td>
        <td>
          <button type="button" className="secondary" aria-expanded={open} aria-controls={`call-${c.id}`} data-details={c.id} onClick={onToggle}>
            {open ? t("calls.hide") : t("calls.show")}
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="call-details-row">
          <td colSpan={7} id={`call-${c.id}`}>
            <CallDetails call={c} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
