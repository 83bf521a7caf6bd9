// Reading a form's fields into the API's JSON.

// text returns a field's trimmed text.
export function text(f: FormData, name: string): string {
  return String(f.get(name) ?? "").trim();
}

// int returns a field as an integer, 0 when empty; a text that is no
// number is sent as NaN's JSON, null, and the box names the field.
export function int(f: FormData, name: string): number {
  const s = text(f, name);
  return s === "" ? 0 : Number(s);
}

// checked reports whether a checkbox is ticked.
export function checked(f: FormData, name: string): boolean {
  return f.get(name) === "on";
}

// optionalID returns a select's ID, or null for "".
export function optionalID(f: FormData, name: string): number | null {
  const s = text(f, name);
  return s === "" ? null : Number(s);
}
