// AppContext gives pages what the whole app shares.
import { createContext, useContext } from "react";

import type { Client } from "./api";
import type { Session } from "./types";

export interface App {
  client: Client;
  session: Session;
  navigate: (to: string) => void;
  // sessionEnded sends the admin back to the login page.
  sessionEnded: () => void;
}

export const AppContext = createContext<App | null>(null);

// useApp returns the AppContext; it must be used inside the logged-in app.
export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error("webui: useApp outside the logged-in app");
  return app;
}
