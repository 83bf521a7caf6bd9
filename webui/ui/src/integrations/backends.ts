// The backends of scenario elements as box-wide settings (PUT
// /api/settings/{key}): the CRM that the responsible-manager element asks,
// the speech recognition of question-answer elements and the language
// model of AI elements. The box never shows a stored secret: it shows
// keptSecret, and keptSecret sent back keeps the secret.
import { ApiError } from "../api";

export const keptSecret = "(kept)";

export const crmKinds = ["bitrix24", "amocrm", "api"] as const;
export const amoDomains = ["amocrm.ru", "amocrm.com", "kommo.com"] as const;

export interface CRMConfig {
  kind: (typeof crmKinds)[number];
  bitrix24?: { webhook_url: string };
  amocrm?: { subdomain: string; domain?: string; access_token: string };
  api?: { url: string; headers?: Record<string, string>; extension_field: string; timeout_ms?: number };
}

export interface RecognitionConfig {
  url: string;
  headers?: Record<string, string>;
  text_field: string;
  language: string;
  timeout_ms?: number;
}

export interface LanguageModelConfig {
  url: string;
  model: string;
  api_key?: string;
  timeout_ms?: number;
}

// parseHeaders reads headers typed one per line as "Name: value"; a line
// without a colon is kept as a name with an empty value, for the box to
// refuse by name.
export function parseHeaders(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of s.split("\n")) {
    if (line.trim() === "") continue;
    const i = line.indexOf(":");
    const name = (i < 0 ? line : line.slice(0, i)).trim();
    out[name] = i < 0 ? "" : line.slice(i + 1).trim();
  }
  return out;
}

// showHeaders writes headers one per line, as parseHeaders reads them.
export function showHeaders(h: Record<string, string> | undefined): string {
  return Object.entries(h ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

// timeout reads a timeout in ms typed in a form: 0, the box's default,
// when empty; a text that is no number is sent as NaN's JSON, null, for
// the box to name the field.
export function timeout(s: string): number {
  return s.trim() === "" ? 0 : Number(s.trim());
}

// formField returns the form field that an error of PUT
// /api/settings/{key} concerns: the setting's key and the path inside its
// value ("value.bitrix24.webhook_url" of crm is "crm.bitrix24.webhook_url"),
// with a header's name dropped, since all headers share one field.
export function formField(key: string, field: string): string {
  const path = field.replace(/^value\.?/, "");
  const f = path === "" ? key : `${key}.${path}`;
  const headers = f.indexOf(".headers");
  return headers < 0 ? f : f.slice(0, headers + ".headers".length);
}

// onForm returns e with its field as the setting's form names it.
export function onForm(key: string, e: unknown): unknown {
  if (!(e instanceof ApiError) || e.field === "") return e;
  return new ApiError(e.status, e.message, formField(key, e.field), e.problems, e.key);
}
