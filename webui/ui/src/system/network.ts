// The network form's logic: the network setting from what was typed, the
// API's field names mapped onto the form's, and where the page will be
// once the box has its new address.
import { ApiError } from "../api";

// NetworkSetting is the network setting (GET /api/settings/network).
export interface NetworkSetting {
  mode: "dhcp" | "static";
  address?: string;
  gateway?: string;
  dns?: string[];
}

// NetworkInput is what the form holds, as typed.
export interface NetworkInput {
  mode: "dhcp" | "static";
  address: string;
  gateway: string;
  dns: string;
}

// networkValue returns the setting to send: DHCP alone, or the static
// fields trimmed, with the DNS servers typed with commas or spaces split.
export function networkValue(input: NetworkInput): NetworkSetting {
  if (input.mode === "dhcp") return { mode: "dhcp" };
  return {
    mode: "static",
    address: input.address.trim(),
    gateway: input.gateway.trim(),
    dns: input.dns.split(/[\s,;]+/).filter((s) => s !== ""),
  };
}

// networkInput returns the form's starting values for a stored setting.
export function networkInput(s: NetworkSetting | null | undefined): NetworkInput {
  return {
    mode: s?.mode === "static" ? "static" : "dhcp",
    address: s?.address ?? "",
    gateway: s?.gateway ?? "",
    dns: (s?.dns ?? []).join(", "),
  };
}

// networkField returns error as the form sees it: the API names the
// setting's fields value.address, value.dns, ...; the form's are
// net-address, net-dns, ... (a bare "value" is the mode's).
export function networkField(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.field === "") return error;
  const f = error.field === "value" ? "mode" : error.field.replace(/^value\./, "");
  return new ApiError(error.status, error.message, "net-" + f, error.problems, error.key);
}

// movedURL returns the address of this page once the box carries the
// static address (192.168.1.10/24 -> http://192.168.1.10:8080/...), when
// the page was opened by the box's IPv4 address and that address changes;
// else "" (the page was opened by name, or DHCP decides the address).
export function movedURL(page: URL, s: NetworkSetting): string {
  if (s.mode !== "static" || !s.address) return "";
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(page.hostname)) return "";
  const address = s.address.split("/")[0];
  if (address === page.hostname) return "";
  const moved = new URL(page.href);
  moved.hostname = address;
  return moved.href;
}

// fallbackURL returns the page's address at the box's fallback address.
export function fallbackURL(page: URL, fallback: string): string {
  const u = new URL(page.href);
  u.hostname = fallback;
  u.pathname = "/";
  u.search = "";
  u.hash = "";
  return u.href;
}
