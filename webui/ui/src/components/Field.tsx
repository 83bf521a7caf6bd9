// Field is a labelled form input that marks itself invalid when the API's
// error names it.
import type { InputHTMLAttributes, ReactNode } from "react";

import { ApiError } from "../api";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error: unknown;
}

export function Field({ name, label, hint, error, id: given, ...input }: FieldProps) {
  const invalid = error instanceof ApiError && error.field === name;
  const id = given ?? `field-${name}`; // another id where two forms share a field's name
  return (
    <div className={invalid ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? "error" : hint ? `${id}-hint` : undefined}
        {...input}
      />
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
