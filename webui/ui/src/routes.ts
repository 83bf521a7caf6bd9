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
  | { page: "system" }
  | { page: "notFound" };

// matchRoute returns the page of a location's path.
export function matchRoute(path: string): Route {
  const p = path.replace(/\/+$/, "") || "/";
  if (p === "/") return { page: "dashboard" };
  if (p === "/extensions") return { page: "extensions" };
  if (p === "/scenarios") return { page: "scenarios" };
  if (p === "/lab") return { page: "lab" };
  if (p === "/outbound-rules") return { page: "rules" };
  if (p === "/routes") return { page: "routes" };
  if (p === "/trunks") return { page: "trunks" };
  if (p === "/fxs-ports") return { page: "fxs" };
  if (p === "/fxo-lines") return { page: "fxo" };
  if (p === "/gsm") return { page: "gsm" };
  if (p === "/prompts") return { page: "prompts" };
  if (p === "/schedules") return { page: "schedules" };
  if (p === "/calls") return { page: "calls" };
  if (p === "/voicemail") return { page: "voicemail" };
  if (p === "/lists") return { page: "lists" };
  if (p === "/system") return { page: "system" };
  const m = /^\/scenarios\/(\d+)$/.exec(p);
  if (m) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0) return { page: "scenario", id };
  }
  return { page: "notFound" };
}
