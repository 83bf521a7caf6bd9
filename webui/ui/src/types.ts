// The shapes of the API's JSON that the app reads (webui/openapi.json).

// Session is what GET /api/session, POST /api/login and POST /api/setup
// answer.
export interface Session {
  username: string;
  csrf_token: string;
  expires_at: string;
  // lab is true on the simulated board, where the lab page is.
  lab?: boolean;
}

// Status is GET /api/status and the websocket's "status" event.
export interface Status {
  type?: string;
  version: string;
  board: string;
  sip_addr: string;
  revision: number;
  uptime_s: number;
  extensions: number;
  trunks: number;
  routes: number;
  heap_bytes: number;
  goroutines: number;
  mdns_name?: string;
  rss_bytes: number;
  rss_anon_bytes: number;
}

// Outbound levels an extension may call out to.
export const outboundLevels = ["internal", "local", "national", "international"] as const;
export type Outbound = (typeof outboundLevels)[number];

// Extension is a row of GET /api/extensions.
export interface Extension {
  id: number;
  number: string;
  name: string;
  email: string;
  mobile: string;
  dnd: boolean;
  on_duty: boolean;
  outbound: Outbound;
  voicemail: boolean;
}

// Scenario is a row of GET /api/scenarios; document is the graph.
export interface Scenario {
  id: number;
  name: string;
  document: unknown;
}
