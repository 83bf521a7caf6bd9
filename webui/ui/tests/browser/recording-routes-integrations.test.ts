// Call recording, route options and integrations in a real Chromium
// against a real pbxd on the simulated board: an inbound route for FXO
// line 1 made on its page records calls; the PSTN rings the line, the
// caller hears the spoken warning, Alice answers on FXS 1 and hears the
// caller's tone, and the call log marks the call recorded and plays its
// recording. Then the route's options are saved and read back, with the
// box's refusal on its field; the next caller rates the call and the log
// shows the rating; a schedule and a greeting go on the route; and a CRM
// is set with a secret that the page shows as (kept) after a reload, never
// the secret, as are the speech recognition's header and the language
// model's key.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, labPost, openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";
import { pcmWAV } from "./wav";

const password = "correct horse battery";

// office is 101 Alice on FXS port 1; FXO line 1 is the box's own.
const office: Config = {
  extensions: [{ id: 1, number: "101", name: "Alice", email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false }],
  fxs_ports: [{ id: 1, port: 1, extension_id: 1, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true }],
};

// reception rings Alice for 30 s, then hangs up.
const reception = {
  schema: 1,
  elements: [
    { id: "in", type: "incoming", next: { next: "alice" } },
    { id: "alice", type: "internal", params: { extension: "101", ring_time: 30 }, next: { next: "bye" } },
    { id: "bye", type: "hangup", params: {} },
  ],
};

describe.sequential("call recording, route options and integrations", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });
  const lab = (path: string, body?: unknown) => labPost(page, path, body);
  type World = { phones: { slot: string; ringing: boolean; tone_hz: number | null }[]; lines: { slot: string; seized: boolean }[] };
  const world = async () => (await api(page, "GET", "/api/lab")).body as World;
  const byID = (id: string) => page.locator(`[id="${id}"]`);

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
    const created = await api(page, "POST", "/api/scenarios", { name: "Reception", document: reception });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("makes a recording route for FXO line 1 on the routes page", async () => {
    await nav("Inbound routes").click();
    await page.getByRole("heading", { level: 1, name: "Inbound routes" }).waitFor();
    await page.fill("#field-name", "City line");
    await page.selectOption("#field-source", "fxo");
    await page.selectOption("#field-fxo_line_id", "1");
    await page.selectOption("#field-scenario_id", { label: "Reception" });
    await page.check("#field-record_calls");
    await page.click("#route-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("City line saved.");
    // The new route's options: the spoken warning, the line's language.
    await page.locator("#options-form").waitFor();
    expect(await page.inputValue("#field-recording_warning_prompt_id")).toBe("");
    expect(await page.textContent("#warning-hint")).toContain("Callers hear it first");
    const routes = (await api(page, "GET", "/api/routes")).body as { name: string; fxo_line_id: number; record_calls: boolean }[];
    expect(routes).toMatchObject([{ name: "City line", fxo_line_id: 1, record_calls: true }]);
  });

  it("records a call from the PSTN and plays it in the call log", async () => {
    await lab("lines/fxo1/ring", { caller_id: "+74951234567" });
    // The caller hears the spoken warning first; then Alice's phone rings.
    await expect.poll(async () => (await world()).phones.find((p) => p.slot === "fxs1")!.ringing, { timeout: 30_000 }).toBe(true);
    await lab("phones/fxs1/offhook");
    // The caller speaks (a tone); Alice hears it through the recorded call.
    await lab("lines/fxo1/tone", { hz: 1000, dbm0: -10, ms: 3000 });
    await expect.poll(async () => Math.abs(((await world()).phones.find((p) => p.slot === "fxs1")!.tone_hz ?? 0) - 1000) < 30, { timeout: 10_000 }).toBe(true);
    await lab("phones/fxs1/onhook");
    await expect.poll(async () => (await world()).lines.find((l) => l.slot === "fxo1")!.seized, { timeout: 15_000 }).toBe(false);
    const logged = async () => ((await api(page, "GET", "/api/calls")).body as { calls: { id: number; recorded: boolean }[] }).calls;
    await expect.poll(async () => (await logged()).length, { timeout: 15_000 }).toBe(1);
    const [call] = await logged();
    expect(call.recorded).toBe(true);

    await nav("Call log").click();
    await page.getByRole("heading", { level: 1, name: "Call log" }).waitFor();
    const row = page.locator(`#call-log tr[data-call="${call.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-key="caller"]').textContent()).toBe("+74951234567");
    expect(await row.locator("[data-recorded]").count()).toBe(1);
    await row.locator("button[data-details]").click();
    const details = page.locator(`[data-call-details="${call.id}"]`);
    // The path shows the warning played before Alice was rung.
    await details.locator('li[data-step="recording warning"]').waitFor();
    const audio = details.locator(".recording audio");
    expect(await audio.getAttribute("src")).toBe(`/api/calls/${call.id}/recording`);
    // The browser loads the stereo WAV: as long as the talk, at least the
    // second or so of tone Alice heard.
    const duration = await audio.evaluate((a) => {
      const el = a as HTMLAudioElement;
      return new Promise<number>((res) => {
        el.addEventListener("loadedmetadata", () => res(el.duration), { once: true });
        el.addEventListener("error", () => res(-1), { once: true });
        el.preload = "auto";
        el.load();
      });
    });
    expect(duration).toBeGreaterThan(0.5);
    await screenshot(page, "calls-recording");
  });

  it("saves the route's options, shows the box's refusal on its field, and reads them back", async () => {
    // A prompt for the recording warning.
    const uploaded = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.set("name", "Recorded line");
      form.set("file", new Blob([bytes], { type: "audio/wav" }), "recorded.wav");
      const csrf = (await (await fetch("/api/csrf")).json()).csrf_token;
      const res = await fetch("/api/prompts", { method: "POST", body: form, headers: { "X-CSRF-Token": csrf } });
      return res.status;
    }, pcmWAV(1, 8000).toString("base64"));
    expect(uploaded).toBe(201);

    await nav("Inbound routes").click();
    await page.click('#routes tr[data-route="City line"] button');
    await page.locator("#options-form").waitFor();
    await expect.poll(() => page.locator("#field-recording_warning_prompt_id option", { hasText: "Recorded line" }).count()).toBe(1);
    await page.selectOption("#field-recording_warning_prompt_id", { label: "Recorded line" });
    await page.selectOption("#field-language", "pl");
    await page.selectOption("#field-hold_prompt_id", { label: "Recorded line" });
    await page.check("#field-rate_calls");
    await page.selectOption("#field-after_hours_action", "voicemail");
    await page.fill("#field-after_hours_mailbox", "555");
    await page.click("#options-form button[type=submit]");
    // No mailbox 555: the box's message, on the mailbox field.
    await expect.poll(() => page.getAttribute("#field-after_hours_mailbox", "aria-invalid")).toBe("true");
    expect(await page.locator("#route-options").getByRole("alert").textContent()).toContain("mailbox 555 does not exist");

    await page.selectOption("#field-after_hours_action", "forward");
    await page.fill("#field-after_hours_number", "+74957654321");
    await page.click("#options-form button[type=submit]");
    await page.locator("#options-saved").waitFor();
    const prompts = (await api(page, "GET", "/api/prompts")).body as { id: number; name: string }[];
    const stored = (await api(page, "GET", "/api/routes/1/options")).body;
    expect(stored).toMatchObject({
      recording_warning_prompt_id: prompts[0].id, language: "pl", rate_calls: true,
      after_hours_action: "forward", after_hours_number: "+74957654321", after_hours_mailbox: "",
      hold_prompt_id: prompts[0].id, waiting_prompt_id: null, voicemail_greeting_prompt_id: null,
    });

    // A fresh page shows what the box stored.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Inbound routes" }).waitFor();
    await page.click('#routes tr[data-route="City line"] button');
    await page.locator("#options-form").waitFor();
    await expect.poll(() => page.inputValue("#field-recording_warning_prompt_id")).toBe(String(prompts[0].id));
    expect(await page.inputValue("#field-language")).toBe("pl");
    expect(await page.inputValue("#field-hold_prompt_id")).toBe(String(prompts[0].id));
    expect(await page.inputValue("#field-waiting_prompt_id")).toBe("");
    expect(await page.isChecked("#field-rate_calls")).toBe(true);
    expect(await page.inputValue("#field-after_hours_action")).toBe("forward");
    expect(await page.inputValue("#field-after_hours_number")).toBe("+74957654321");
    // The route has no schedule: the page says after hours never comes.
    await page.locator("#no-schedule").waitFor();
    await screenshot(page, "routes-options");
  });

  it("asks the caller of the route to rate the call and shows the rating in the log", async () => {
    type Line = { hears: string; level_dbm0: number | null; tone_hz: number | null; seized: boolean };
    const line = async () => (await world()).lines.find((l) => l.slot === "fxo1")! as unknown as Line;
    await lab("lines/fxo1/ring", { caller_id: "+48221234567" });
    // The warning is now the uploaded prompt; then Alice's phone rings.
    await expect.poll(async () => (await world()).phones.find((p) => p.slot === "fxs1")!.ringing, { timeout: 30_000 }).toBe(true);
    await lab("phones/fxs1/offhook");
    await lab("lines/fxo1/tone", { hz: 1000, dbm0: -10, ms: 1000 });
    await expect.poll(async () => Math.abs(((await world()).phones.find((p) => p.slot === "fxs1")!.tone_hz ?? 0) - 1000) < 30, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await line()).tone_hz === null, { timeout: 10_000 }).toBe(true);
    await lab("phones/fxs1/onhook");
    // Alice hung up: the caller hears the rating question, spoken, and
    // presses 4; then the box hangs up.
    await expect.poll(async () => {
      const l = await line();
      return l.level_dbm0 !== null && l.tone_hz === null;
    }, { timeout: 20_000 }).toBe(true);
    await lab("lines/fxo1/dtmf", { digits: "4" });
    await expect.poll(async () => (await line()).seized, { timeout: 20_000 }).toBe(false);
    const calls = async () => ((await api(page, "GET", "/api/calls")).body as { calls: { id: number; recorded: boolean; caller: string }[] }).calls;
    await expect.poll(async () => (await calls()).length, { timeout: 15_000 }).toBe(2);
    // The newest call first, with its own caller ID, though it rang
    // within seconds of the first call's.
    const [rated, first] = await calls();
    expect(rated.id).toBeGreaterThan(first.id);
    expect(rated.recorded).toBe(true);
    expect(rated.caller).toBe("+48221234567");

    await nav("Call log").click();
    const row = page.locator(`#call-log tr[data-call="${rated.id}"]`);
    await row.locator("button[data-details]").click();
    const rating = page.locator(`#rating-${rated.id}`);
    await rating.waitFor();
    expect(await rating.getAttribute("data-rating")).toBe("4");
    expect(await rating.textContent()).toBe("The caller rated the call 4 of 5.");
    // The first call was not rated: no rating shown.
    await page.locator(`#call-log tr[data-call="${first.id}"] button[data-details]`).click();
    await page.locator(`[data-call-details="${first.id}"] li[data-step="recording warning"]`).waitFor();
    expect(await page.locator(`#rating-${first.id}`).count()).toBe(0);
  });

  it("puts a schedule and a greeting on the route", async () => {
    const schedule = await api(page, "POST", "/api/schedules", {
      name: "Office", time_zone: "Europe/Moscow",
      document: { version: 1, intervals: [{ name: "working", ranges: [{ days: ["mon", "tue"], from: "09:00", to: "18:00" }] }], holidays: { country: "RU" } },
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    await nav("Inbound routes").click();
    await page.click('#routes tr[data-route="City line"] button');
    await page.locator("#no-schedule").waitFor();
    await expect.poll(() => page.locator("#field-schedule_id option", { hasText: "Office" }).count()).toBe(1);
    await page.selectOption("#field-schedule_id", { label: "Office" });
    await page.selectOption("#field-greeting_prompt_id", { label: "Recorded line" });
    await page.click("#route-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("City line saved.");
    const id = (schedule.body as { id: number }).id;
    const prompts = (await api(page, "GET", "/api/prompts")).body as { id: number }[];
    expect((await api(page, "GET", "/api/routes/1")).body).toMatchObject({ schedule_id: id, greeting_prompt_id: prompts[0].id, record_calls: true });
    // With a schedule, after hours can come: the page no longer says it cannot.
    await expect.poll(() => page.locator("#no-schedule").count()).toBe(0);
    expect(await page.inputValue("#field-schedule_id")).toBe(String(id));
  });

  it("sets a CRM with a secret and shows (kept) after a reload, never the secret", async () => {
    const secret = "s3cr3tW3bh00kT0ken";
    await nav("System").click();
    await page.getByRole("heading", { level: 1, name: "System" }).waitFor();
    await page.locator("#crm-form").waitFor();

    // A subdomain amoCRM would not have: the box names the field.
    await page.selectOption('[id="field-crm.kind"]', "amocrm");
    await byID("field-crm.amocrm.subdomain").fill("Our Office");
    await byID("field-crm.amocrm.access_token").fill("token");
    await page.click("#crm-form button[type=submit]");
    await expect.poll(() => byID("field-crm.amocrm.subdomain").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#crm").getByRole("alert").textContent()).toContain("is not an account subdomain");

    await page.selectOption('[id="field-crm.kind"]', "bitrix24");
    await byID("field-crm.bitrix24.webhook_url").fill(`https://office.bitrix24.ru/rest/1/${secret}/`);
    await page.click("#crm-form button[type=submit]");
    await page.locator("#crm-saved").waitFor();

    await page.reload();
    await page.locator("#crm-form").waitFor();
    expect(await page.inputValue('[id="field-crm.kind"]')).toBe("bitrix24");
    await expect.poll(() => byID("field-crm.bitrix24.webhook_url").inputValue()).toBe("(kept)");
    expect(await page.content()).not.toContain(secret);
    const shown = await api(page, "GET", "/api/settings/crm");
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect(shown.body).toMatchObject({ value: { kind: "bitrix24", bitrix24: { webhook_url: "(kept)" } } });

    // Saving it again as it is keeps the stored secret: the box takes
    // (kept) only where a secret is stored.
    await page.click("#crm-form button[type=submit]");
    await page.locator("#crm-saved").waitFor();
    expect(await byID("field-crm.bitrix24.webhook_url").inputValue()).toBe("(kept)");

    // The recording retention: a refused value on its field, then 30 days.
    await page.fill("#field-recording_retention_days", "99999");
    await page.click("#retention-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-recording_retention_days", "aria-invalid")).toBe("true");
    await page.fill("#field-recording_retention_days", "30");
    await page.click("#retention-form button[type=submit]");
    await page.locator("#retention-saved").waitFor();
    expect((await api(page, "GET", "/api/settings/recording_retention_days")).body).toMatchObject({ value: 30, default: false });
    await screenshot(page, "system-integrations");
  });

  it("keeps speech recognition's header and the language model's key secret, and removes a backend", async () => {
    const header = "Bearer r3c0gn1t10nS3cret";
    const key = "sk-m0d3lK3ySecret";
    await byID("field-speech_recognition.url").fill("https://asr.example.net/v1/recognize");
    await byID("field-speech_recognition.headers").fill(`Authorization: ${header}`);
    await page.selectOption('[id="field-speech_recognition.language"]', "uk");
    await byID("field-speech_recognition.timeout_ms").fill("99");
    await page.click("#recognition-form button[type=submit]");
    // Too short a timeout: the box names the field inside the setting.
    await expect.poll(() => byID("field-speech_recognition.timeout_ms").getAttribute("aria-invalid")).toBe("true");
    await byID("field-speech_recognition.timeout_ms").fill("");
    await page.click("#recognition-form button[type=submit]");
    await page.locator("#recognition-saved").waitFor();

    await byID("field-language_model.url").fill("https://llm.example.net/v1/chat/completions");
    await byID("field-language_model.model").fill("office-assistant");
    await byID("field-language_model.api_key").fill(key);
    await page.click("#model-form button[type=submit]");
    await page.locator("#model-saved").waitFor();

    await page.reload();
    await page.locator("#model-form").waitFor();
    await expect.poll(() => byID("field-speech_recognition.headers").inputValue()).toBe("Authorization: (kept)");
    expect(await page.inputValue('[id="field-speech_recognition.language"]')).toBe("uk");
    expect(await byID("field-language_model.api_key").inputValue()).toBe("(kept)");
    expect(await byID("field-language_model.model").inputValue()).toBe("office-assistant");
    const content = await page.content();
    expect(content).not.toContain(header);
    expect(content).not.toContain(key);

    // Removing the language model leaves it unset.
    await page.locator("#language-model").getByRole("button", { name: "Remove" }).click();
    await page.locator("#model-saved").waitFor();
    expect((await api(page, "GET", "/api/settings/language_model")).body).toMatchObject({ value: null, default: true });
    expect(await byID("field-language_model.api_key").inputValue()).toBe("");
  });

  it("reported no script errors or CSP violations", () => {
    // The 422 of the missing mailbox is the one refusal the page logs
    // beyond those watch ignores.
    expect(problems.filter((p) => !/status of 422/.test(p))).toEqual([]);
  });
});
