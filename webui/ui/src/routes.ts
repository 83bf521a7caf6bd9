// The app's pages and their paths. The box serves the app for every path
// outside /api/, so each of these can be bookmarked and reloaded.

export type Route =
  | { page: "dashboard" }
  | { page: "extensions" }
  | { page: "scenarios" }
  | { page: "scenario"; id: number }
  | { page: "lab" }
  | { page: "rules" }
  | { page: "routes" }
  | { page: "trunks" }
  | { page: "fxs" }
  | { page: "fxo" }
  | { page: "gsm" }
  | { page: "prompts" }
  | { page: "schedules" }
  | { page: "calls" }
  | { page: "voicemail" }
  | { page: "lists" }
  | { page: "groups" }
  | { page: "system" }
  | { page: "notFound" };

// pages maps each page's fixed path to the page.
const pages = new Map<string, Exclude<Route["page"], "scenario" | "notFound">>([
  ["/", "dashboard"],
  ["/extensions", "extensions"],
  ["/scenarios", "scenarios"],
  ["/lab", "lab"],
  ["/outbound-rules", "rules"],
  ["/routes", "routes"],
  ["/trunks", "trunks"],
  ["/fxs-ports", "fxs"],
  ["/fxo-lines", "fxo"],
  ["/gsm", "gsm"],
  ["/prompts", "prompts"],
  ["/schedules", "schedules"],
  ["/calls", "calls"],
  ["/voicemail", "voicemail"],
  ["/lists", "lists"],
  ["/groups", "groups"],
  ["/system", "system"],
]);

// matchRoute returns the page of a location's path.
export function matchRoute(path: string): Route {
  const p = path.replace(/\/+$/, "") || "/";
  const page = pages.get(p);
  if (page) return { page };
  const m = /^\/scenarios\/(\d+)$/.exec(p);
  if (m) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0) return { page: "scenario", id };
  }
  return { page: "notFound" };
}
