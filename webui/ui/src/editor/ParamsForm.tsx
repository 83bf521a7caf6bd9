// ParamsForm edits an element's parameters with the form of its kind
// (elementParams.formOf): text, numbers, choices, phone keys and
// extensions. A field the box refused is marked with the box's message.
import { useTranslation } from "react-i18next";

import type { Problem } from "../api";
import { chooseStored, getPath, keypad, labelKey, parseList, setPath, sortKeys, type FieldSpec, type Params, type Stored } from "../elementParams";
import type { Extension } from "../types";

interface ParamsFormProps {
  kind: string;
  fields: FieldSpec[];
  params: Params;
  onChange: (p: Params) => void;
  extensions: Extension[];
  stored: Stored;
  problems: Problem[];
}

export function ParamsForm({ kind, fields, params, onChange, extensions, stored, problems }: ParamsFormProps) {
  const { t } = useTranslation();
  const set = (path: string, v: unknown) => onChange(setPath(params, path, v));
  // A stored group or queue, once chosen, leaves the other fields empty.
  const usesStored = fields.some((f) => (f.kind === "ring_group" || f.kind === "queue") && typeof params[f.path] === "number" && (params[f.path] as number) > 0);
  return (
    <div className="params-form">
      <datalist id="extension-numbers">
        {extensions.map((e) => (
          <option key={e.id} value={e.number}>
            {e.name}
          </option>
        ))}
      </datalist>
      <datalist id="mailbox-numbers">
        {extensions
          .filter((e) => e.voicemail)
          .map((e) => (
            <option key={e.id} value={e.number}>
              {e.name}
            </option>
          ))}
      </datalist>
      {fields.filter((f) => !usesStored || f.kind === "ring_group" || f.kind === "queue").map((f) => {
        const id = `param-${f.path.replace(/\./g, "-")}`;
        const bad = problems.filter((p) => p.field && (p.field === f.path || f.path.startsWith(`${p.field}.`) || p.field.startsWith(`${f.path}.`)));
        const label = t(labelKey(f.path));
        const err = bad.length > 0 ? `${id}-error` : undefined;
        return (
          <div key={f.path} className={`field${f.kind === "check" ? " check" : ""}${bad.length > 0 ? " invalid" : ""}`}>
            {f.kind === "check" ? null : f.kind === "keys" || f.kind === "extensions" ? (
              <span className="field-label" id={`${id}-label`}>
                {label}
              </span>
            ) : (
              <label htmlFor={id}>{label}</label>
            )}
            <FieldInput spec={f} id={id} value={getPath(params, f.path)} extensions={extensions} stored={stored} describedBy={err}
              set={(v) => (f.kind === "ring_group" || f.kind === "queue" ? onChange(chooseStored(kind, params, f.path, Number(v) || 0)) : set(f.path, v))} />
            {f.kind === "check" ? <label htmlFor={id}>{label}</label> : null}
            {bad.length > 0 ? (
              <small className="field-error" id={err}>
                {bad.map((p) => p.message).join(" ")}
              </small>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

interface FieldInputProps {
  spec: FieldSpec;
  id: string;
  value: unknown;
  set: (v: unknown) => void;
  extensions: Extension[];
  stored: Stored;
  describedBy?: string;
}

function FieldInput({ spec, id, value, set, extensions, stored, describedBy }: FieldInputProps) {
  const { t } = useTranslation();
  const common = { id, "aria-describedby": describedBy, "aria-invalid": describedBy ? true : undefined };
  const text = typeof value === "string" ? value : "";
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  switch (spec.kind) {
    case "text":
      return <input {...common} type="text" value={text} onChange={(e) => set(e.target.value)} autoComplete="off" />;
    case "extension":
    case "mailbox":
      return (
        <input {...common} type="text" inputMode="numeric" value={text} onChange={(e) => set(e.target.value.trim())}
          list={spec.kind === "mailbox" ? "mailbox-numbers" : "extension-numbers"} autoComplete="off" />
      );
    case "textarea":
      return <textarea {...common} rows={3} value={text} onChange={(e) => set(e.target.value)} />;
    case "number":
      return (
        <input {...common} type="number" inputMode="numeric" value={typeof value === "number" ? value : ""}
          onChange={(e) => set(e.target.value === "" ? undefined : Math.trunc(Number(e.target.value)))} />
      );
    case "check":
      return <input {...common} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />;
    case "select":
      return (
        <select {...common} value={text} onChange={(e) => set(e.target.value)}>
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o === "" ? t("editor.none") : t(`options.${o}`, { defaultValue: o })}
            </option>
          ))}
        </select>
      );
    case "ring_group":
    case "queue": {
      const chosen = typeof value === "number" ? value : 0;
      const known = stored[spec.kind];
      return (
        <select {...common} value={String(chosen)} onChange={(e) => set(Number(e.target.value))}>
          <option value="0">{t("editor.ownSettings")}</option>
          {known.map((g) => (
            <option key={g.id} value={String(g.id)}>{`${g.name} (${g.id})`}</option>
          ))}
          {chosen > 0 && !known.some((g) => g.id === chosen) ? <option value={String(chosen)}>{t("editor.missingStored", { id: chosen })}</option> : null}
        </select>
      );
    }
    case "list":
      return <input {...common} type="text" defaultValue={list.join(", ")} onBlur={(e) => set(parseList(e.target.value))} autoComplete="off" />;
    case "keys":
      return (
        <div className="keys" role="group" aria-labelledby={`${id}-label`} id={id}>
          {keypad.map((k) => (
            <label key={k} className="key">
              <input type="checkbox" checked={list.includes(k)} data-key={k}
                onChange={(e) => set(sortKeys(e.target.checked ? [...list, k] : list.filter((x) => x !== k)))} />
              {k}
            </label>
          ))}
        </div>
      );
    case "extensions": {
      const numbers = [...extensions.map((e) => e.number), ...list.filter((n) => !extensions.some((e) => e.number === n))];
      return (
        <div className="members" role="group" aria-labelledby={`${id}-label`} id={id}>
          {numbers.length === 0 ? <span className="hint">{t("editor.noExtensions")}</span> : null}
          {numbers.map((n) => (
            <label key={n} className="member">
              <input type="checkbox" checked={list.includes(n)} data-member={n}
                onChange={(e) => set(e.target.checked ? [...list, n] : list.filter((x) => x !== n))} />
              {n} {extensions.find((e) => e.number === n)?.name ?? ""}
            </label>
          ))}
        </div>
      );
    }
  }
}
