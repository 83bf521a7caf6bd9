// The scenario element kinds, in the order pbx/scenario's catalogue lists
// them (scenario.Catalogue). Their names are translated under
// "kinds.<kind>" in every language.
export const kinds = [
  "incoming",
  "internal",
  "external",
  "mobile",
  "group",
  "queue",
  "conference",
  "fax",
  "schedule",
  "list",
  "condition",
  "conditions",
  "code",
  "http",
  "menu",
  "message",
  "speech",
  "sms",
  "voicemail",
  "forward",
  "scenario",
  "hangup",
  "question_answer",
  "ai",
  "campaign",
  "manager",
] as const;

export type Kind = (typeof kinds)[number];

// isKind reports whether s names a kind of the catalogue.
export function isKind(s: string): s is Kind {
  return (kinds as readonly string[]).includes(s);
}
