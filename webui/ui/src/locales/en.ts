// English: the source language. Every key here must exist in every other
// language (tests/unit/i18n.test.ts checks it).
import { devicesTexts } from "./devices";
import { editorTexts } from "./editor";
import { callsTexts } from "./calls";
import { integrationsTexts } from "./integrations";
import { labTexts } from "./lab";
import { promptsTexts } from "./prompts";
import { routesTexts } from "./routes";
import { schedulesTexts } from "./schedules";
import { listsTexts } from "./lists";
import { systemTexts } from "./system";
import { telephonyTexts } from "./telephony";
import { voicemailTexts } from "./voicemail";
import { versionsTexts } from "./versions";
import { adminTexts } from "./admin";
import { alarmsTexts } from "./alarms";
import { removalTexts } from "./removal";
import { usageTexts } from "./usage";
import { peopleTexts } from "./people";

export const en = {
  app: { name: "Hookflash", loading: "Loading…" },
  nav: {
    label: "Main",
    skip: "Skip to content",
    dashboard: "Dashboard",
    extensions: "Extensions",
    scenarios: "Scenarios",
    lab: "Lab",
    logout: "Log out",
    language: "Language",
    signedIn: "Signed in as {{user}}",
  },
  setup: {
    title: "First-time setup",
    intro: "Type the setup code that the box printed on its console, then choose the admin's user name and password.",
    code: "Setup code",
    username: "User name",
    password: "Password (at least 10 characters)",
    submit: "Set password and log in",
  },
  login: {
    title: "Log in",
    username: "User name",
    password: "Password",
    submit: "Log in",
  },
  dashboard: {
    title: "Dashboard",
    live: "live",
    offline: "offline",
    connecting: "connecting",
    system: "System",
    configuration: "Configuration",
    version: "Firmware version",
    board: "Board",
    sipAddr: "SIP address",
    revision: "Configuration revision",
    uptime: "Uptime",
    extensions: "Extensions",
    trunks: "SIP trunks",
    routes: "Inbound routes",
    heap: "Memory in use",
    mdnsName: "Name on the network",
    resident: "Resident memory",
    goroutines: "Goroutines",
    updated: "Updated {{time}}",
    unknown: "(unknown)",
  },
  extensions: {
    title: "Extensions",
    count_one: "{{count}} extension",
    count_other: "{{count}} extensions",
    empty: "No extensions yet: create the first one below.",
    number: "Number",
    name: "Name",
    email: "E-mail",
    mobile: "Mobile number",
    outbound: "Outbound calls",
    onDuty: "On duty",
    voicemail: "Voicemail",
    create: "New extension",
    submit: "Create extension",
    created: "Extension {{number}} created.",
    numberHint: "2 to 6 digits",
    levels: {
      internal: "Internal only",
      local: "Local",
      national: "National",
      international: "International",
    },
  },
  scenarios: {
    title: "Scenarios",
    empty: "No scenarios yet.",
    elements_one: "{{count}} element",
    elements_other: "{{count}} elements",
    open: "Open {{name}}",
    back: "All scenarios",
    graph: "Graph of the scenario {{name}}",
    palette: "Elements",
    create: "New scenario",
    name: "Name",
    submit: "Create and open",
    unknownKind: "Unknown element type {{kind}}",
    notFound: "This scenario does not exist: it may have been deleted.",
  },
  kinds: {
    incoming: "Incoming call",
    internal: "Internal subscriber",
    external: "External subscriber",
    mobile: "Mobile subscriber",
    group: "Department (ring group)",
    queue: "Queue",
    conference: "Conference",
    fax: "Receive fax",
    schedule: "Schedule",
    list: "Black/white list",
    condition: "Check condition",
    conditions: "Check conditions",
    code: "Run code",
    http: "HTTP request",
    menu: "Voice menu",
    message: "Greeting / message",
    speech: "Speech synthesis",
    sms: "Send SMS",
    voicemail: "Voicemail",
    forward: "Forward",
    scenario: "Scenario",
    hangup: "Hang up",
    question_answer: "Question-answer",
    ai: "AI assistant",
    campaign: "Outbound campaign",
    manager: "Responsible manager (CRM)",
  },
  errors: {
    status: "The box answered {{status}}: reload the page.",
    network: "The box does not answer: check the network cable, then reload the page.",
    field: "Field: {{field}}",
    sessionEnded: "The session ended: log in again.",
    notFound: "No such page.",
  },
  ...editorTexts.en,
  ...labTexts.en,
  ...telephonyTexts.en,
  ...devicesTexts.en,
  ...routesTexts.en,
  ...promptsTexts.en,
  ...schedulesTexts.en,
  ...callsTexts.en,
  ...integrationsTexts.en,
  ...systemTexts.en,
  ...voicemailTexts.en,
  ...listsTexts.en,
  ...versionsTexts.en,
  ...adminTexts.en,
  ...alarmsTexts.en,
  ...removalTexts.en,
  ...usageTexts.en,
  ...peopleTexts.en,
};
