// Choice is a labelled select, and Check a labelled checkbox; both mark
// themselves invalid when the API's error names them, as Field does.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

import { ApiError } from "../api";

interface ChoiceProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: ReactNode;
  error: unknown;
  options: { value: string; label: string }[];
}

export function Choice({ name, label, error, options, ...select }: ChoiceProps) {
  const invalid = error instanceof ApiError && error.field === name;
  return (
    <div className={invalid ? "field invalid" : "field"}>
      <label htmlFor={`field-${name}`}>{label}</label>
      <select id={`field-${name}`} name={name} aria-invalid={invalid || undefined} aria-describedby={invalid ? "error" : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface CheckProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  error?: unknown;
}

export function Check({ name, label, error, ...input }: CheckProps) {
  const invalid = error instanceof ApiError && error.field === name;
  return (
    <div className={invalid ? "field check invalid" : "field check"}>
      <input id={`field-${name}`} name={name} type="checkbox" aria-invalid={invalid || undefined} {...input} />
      <label htmlFor={`field-${name}`}>{label}</label>
    </div>
  );
}
