// The prompts, schedules and call log pages in a real Chromium against a
// real pbxd on the simulated board: upload an MP3 made by lame and play it
// back, see a text file and an oversized one refused, hear a spoken
// preview; paint a schedule's hours with the mouse and save them; make two
// lab calls and find them in the log by outcome, with their legs and CSV.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, desktop, labPost, openBox, phone, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";
import { pcmWAV } from "./wav";

const password = "correct horse battery";

// office is 101 Alice on FXS port 1 and 102 Bob on FXS port 2.
const office: Config = {
  extensions: [101, 102].map((n, i) => ({
    id: i + 1, number: String(n), name: ["Alice", "Bob"][i], email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false,
  })),
  fxs_ports: [1, 2].map((n) => ({
    id: n, port: n, extension_id: n, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true,
  })),
};

// mediaDuration loads the audio element at selector and returns its
// duration in seconds, or -1 when the browser cannot play it.
function mediaDuration(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (a) => {
    const audio = a as HTMLAudioElement;
    return new Promise<number>((res) => {
      audio.addEventListener("loadedmetadata", () => res(audio.duration), { once: true });
      audio.addEventListener("error", () => res(-1), { once: true });
      audio.preload = "auto";
      audio.load();
    });
  });
}

describe.sequential("prompts, schedules and the call log", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];

  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hookflash-prompts-"));
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("uploads an MP3 with progress, lists it and plays it back", async () => {
    // A one-second tone, encoded by lame (Debian's lame package).
    writeFileSync(join(dir, "tone.wav"), pcmWAV(1, 22050));
    execFileSync("lame", ["--quiet", "-b", "64", join(dir, "tone.wav"), join(dir, "Welcome.mp3")]);

    await nav("Prompts").click();
    await page.getByRole("heading", { level: 1, name: "Prompts" }).waitFor();
    await page.locator("#no-prompts").waitFor();
    // Every value the progress bar shows on the way.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const v = document.querySelector("#upload-progress")?.getAttribute("value");
        if (v != null && seen[seen.length - 1] !== v) seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles("#field-file", join(dir, "Welcome.mp3"));
    await page.click("#upload-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("Prompt Welcome uploaded.");
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen[0]).toBe("0");
    expect(seen).toContain("100");
    await expect.poll(() => page.locator("#upload-progress").count()).toBe(0);

    const item = page.locator('li[data-prompt="Welcome"]');
    await item.waitFor();
    const list = (await api(page, "GET", "/api/prompts")).body as { id: number; name: string; duration_ms: number }[];
    expect(list).toHaveLength(1);
    expect(list[0].duration_ms).toBeGreaterThan(900);
    expect(list[0].duration_ms).toBeLessThan(1200);
    // The browser plays the box's 8 kHz WAV of it: a second long.
    const d = await mediaDuration(page, 'li[data-prompt="Welcome"] audio');
    expect(d).toBeGreaterThan(0.9);
    expect(d).toBeLessThan(1.2);
    expect(await item.locator("audio").getAttribute("src")).toBe(`/api/prompts/${list[0].id}/audio`);
  });

  it("shows the box's refusal of a text file named .mp3 and adds nothing", async () => {
    writeFileSync(join(dir, "notes.mp3"), "These are meeting notes, not audio.\n".repeat(20));
    await page.setInputFiles("#field-file", join(dir, "notes.mp3"));
    await page.fill("#field-name", "Notes");
    await page.click("#upload-form button[type=submit]");
    const alert = page.locator("#upload-form").locator("xpath=..").getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("not a WAV or MP3 file");
    expect(await alert.textContent()).toContain("Field: file");
    expect(await page.locator("li[data-prompt]").count()).toBe(1);
    expect((await api(page, "GET", "/api/prompts")).body).toHaveLength(1);
    // The name typed stays, for a second try with the right file.
    expect(await page.inputValue("#field-name")).toBe("Notes");
    await screenshot(page, "prompts-refused");
  });

  it("refuses a file over 2 MB before sending it", async () => {
    writeFileSync(join(dir, "long.wav"), pcmWAV(50, 22050));
    await page.setInputFiles("#field-file", join(dir, "long.wav"));
    await page.click("#upload-form button[type=submit]");
    const alert = page.locator("#upload-form").locator("xpath=..").getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("long.wav is larger than 2 MB: upload a shorter recording");
    expect(await alert.textContent()).not.toContain("Error:");
    expect((await api(page, "GET", "/api/prompts")).body).toHaveLength(1);
  });

  it("speaks a text with the box's synthesizer and plays it", async () => {
    await page.fill("#field-text", "Thank you for calling.");
    await page.click("#preview-form button[type=submit]");
    await page.locator("#preview-audio").waitFor({ timeout: 30_000 });
    expect(await mediaDuration(page, "#preview-audio")).toBeGreaterThan(0.5);
  });

  it("renames and deletes a prompt", async () => {
    const item = page.locator('li[data-prompt="Welcome"]');
    await item.getByRole("button", { name: "Rename" }).click();
    await item.getByLabel("New name").fill("Greeting");
    await item.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => page.textContent("#saved")).toBe("Prompt renamed to Greeting.");
    await page.locator('li[data-prompt="Greeting"]').waitFor();
    await screenshot(page, "prompts");
    const renamed = page.locator('li[data-prompt="Greeting"]');
    await renamed.getByRole("button", { name: "Delete" }).click();
    await renamed.getByRole("button", { name: "Really delete Greeting" }).click();
    await page.locator("#no-prompts").waitFor();
    expect((await api(page, "GET", "/api/prompts")).body).toEqual([]);
  });

  it("paints weekend hours with the mouse and saves them", async () => {
    await nav("Schedules").click();
    await page.getByRole("heading", { level: 1, name: "Schedules" }).waitFor();
    await page.click("#new-schedule");
    await page.fill("#field-name", "Office");
    await page.fill("#field-time_zone", "Europe/Warsaw");
    const cell = (day: number, slot: number) => page.locator(`#week-grid [data-day="${day}"][data-slot="${slot}"]`);
    // The new schedule's working hours: Monday to Friday 09:00-18:00.
    expect(await cell(0, 18).getAttribute("data-interval")).toBe("0");
    expect(await cell(5, 20).getAttribute("data-interval")).toBe("-1");
    // The hours down the side follow the language's clock: 12 hours in
    // English, 24 in Polish.
    const hour = (h: number) => page.locator(`#week-grid [data-hour="${h}"]`).textContent();
    const plain = (s: string | null) => (s ?? "").replace(/[\u202f\u00a0]/g, " ");
    expect(plain(await hour(9))).toBe("9 AM");
    expect(plain(await hour(15))).toBe("3 PM");
    expect((await cell(0, 19).getAttribute("title"))?.replace(/[\u202f\u00a0]/g, " ")).toContain("9:30 AM–10:00 AM");
    await page.selectOption("#language", "pl");
    await expect.poll(() => hour(15)).toBe("15:00");
    expect(await hour(9)).toBe("09:00");
    await page.selectOption("#language", "en");
    await expect.poll(async () => plain(await hour(15))).toBe("3 PM");

    // drag paints from one cell to another with the mouse, the whole grid
    // on the screen where the mouse reaches it.
    const drag = async (from: [number, number], to: [number, number], check?: () => Promise<void>) => {
      await page.$eval("#week-grid", (g) => g.scrollIntoView({ block: "start" }));
      const a = (await cell(...from).boundingBox())!;
      const b = (await cell(...to).boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
      await check?.();
      await page.mouse.up();
    };
    // Saturday 10:00 to Sunday 13:30 with "Working hours", shown as it is
    // dragged.
    await page.getByRole("radio", { name: "Working hours", exact: true }).check();
    await drag([5, 20], [6, 27], () => expect.poll(() => cell(6, 24).getAttribute("class")).toContain("painting"));
    for (const [d, s, want] of [[5, 20, "0"], [6, 27, "0"], [5, 19, "-1"], [6, 28, "-1"], [4, 20, "0"]] as const) {
      expect(await cell(d, s).getAttribute("data-interval"), `${d}:${s}`).toBe(want);
    }
    // Clear Friday from 17:00 with the eraser.
    await page.getByRole("radio", { name: /^Clear/ }).check();
    await drag([4, 34], [4, 35]);
    expect(await cell(4, 33).getAttribute("data-interval")).toBe("0");
    expect(await cell(4, 34).getAttribute("data-interval")).toBe("-1");
    // The exact times below follow the painting.
    await expect.poll(() => page.locator('[data-interval="working"] .range-row').count()).toBe(3);

    await page.click("#schedule-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("Schedule Office created.");
    const stored = (await api(page, "GET", "/api/schedules")).body as { name: string; time_zone: string; document: { intervals: unknown[] } }[];
    expect(stored).toHaveLength(1);
    expect(stored[0].time_zone).toBe("Europe/Warsaw");
    expect(stored[0].document.intervals[0]).toEqual({
      name: "working",
      ranges: [
        { days: ["mon", "tue", "wed", "thu"], from: "09:00", to: "18:00" },
        { days: ["fri"], from: "09:00", to: "17:00" },
        { days: ["sat", "sun"], from: "10:00", to: "14:00" },
      ],
    });
  });

  it("shows the box's refusal on the exact time at fault, and the holiday calendars", async () => {
    const to = page.locator('[data-range="0.0"] input[data-field="to"]');
    await to.fill("25:00");
    // The grid cannot show a time that is none.
    await page.locator("#grid-inexact").waitFor();
    await page.click("#schedule-form button[type=submit]");
    const alert = page.locator("#schedule-form").locator("xpath=..").getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("document.intervals[0].ranges[0].to");
    expect(await to.getAttribute("aria-invalid")).toBe("true");
    await to.fill("18:00");

    // Russia's calendar for this year, with its New Year holiday; and a
    // date of the company's own.
    await page.selectOption("#holiday-country", "RU");
    const year = new Date().getFullYear();
    await expect.poll(() => page.locator(`#calendar-days li[data-date="${year}-01-01"]`).getAttribute("data-kind")).toBe("holiday");
    await page.click("#add-date");
    await page.locator('[data-date-row="0"] input[type=date]').fill(`${year}-12-30`);
    await page.locator('[data-date-row="0"]').getByLabel("Name").fill("Stocktaking");
    await page.click("#schedule-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("Schedule Office saved.");
    const stored = (await api(page, "GET", "/api/schedules/1")).body as { document: { holidays: unknown } };
    expect(stored.document.holidays).toEqual({ country: "RU", dates: [{ date: `${year}-12-30`, kind: "holiday", name: "Stocktaking" }] });
    await screenshot(page, "schedules");
  });

  it("paints a lunch break with a finger at a phone's width", async () => {
    await page.setViewportSize(phone);
    await page.click("#add-interval");
    await page.locator('[data-interval="interval-1"] legend input').fill("lunch");
    await page.getByRole("radio", { name: "lunch", exact: true }).check();
    await page.$eval("#week-grid", (g) => g.scrollIntoView({ block: "start" }));
    const scrolled = await page.evaluate(() => window.scrollY);
    const cell = (day: number, slot: number) => page.locator(`#week-grid [data-day="${day}"][data-slot="${slot}"]`);
    const centre = async (day: number, slot: number) => {
      const b = (await cell(day, slot).boundingBox())!;
      return { x: Math.round(b.x + b.width / 2), y: Math.round(b.y + b.height / 2) };
    };
    // A finger from Monday 13:00 to Friday 13:30, as touch events.
    const cdp = await page.context().newCDPSession(page);
    const from = await centre(0, 26);
    const to = await centre(4, 27);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [from] });
    for (let i = 1; i <= 6; i++) {
      const p = { x: Math.round(from.x + ((to.x - from.x) * i) / 6), y: Math.round(from.y + ((to.y - from.y) * i) / 6) };
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [p] });
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await cdp.detach();
    await expect.poll(() => cell(2, 27).getAttribute("data-interval")).toBe("2");
    expect(await cell(4, 26).getAttribute("data-interval")).toBe("2");
    expect(await cell(0, 28).getAttribute("data-interval")).toBe("0");
    // The finger painted; it did not scroll the page.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);

    await page.click("#schedule-form button[type=submit]");
    await expect.poll(() => page.locator('[data-interval="lunch"] .range-row').count()).toBe(1);
    await expect.poll(async () => ((await api(page, "GET", "/api/schedules/1")).body as { document: { intervals: unknown[] } }).document.intervals[2]).toEqual({
      name: "lunch",
      ranges: [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "13:00", to: "14:00" }],
    });
    await page.setViewportSize(desktop);

    // Deleting asks once more, then the list is empty.
    await page.getByRole("button", { name: "Delete schedule" }).click();
    await page.click("#confirm-delete");
    await expect.poll(() => page.textContent("#saved")).toBe("Schedule Office deleted.");
    expect((await api(page, "GET", "/api/schedules")).body).toEqual([]);
  });

  it("finds lab calls in the log by outcome, with their legs and a CSV of them", async () => {
    const lab = (path: string, body?: unknown) => labPost(page, path, body);
    const phone = async (slot: string) =>
      ((await api(page, "GET", "/api/lab")).body as { phones: { slot: string; ringing: boolean }[] }).phones.find((p) => p.slot === slot)!;
    const logged = async () => ((await api(page, "GET", "/api/calls")).body as { calls: unknown[] }).calls.length;

    // 101 calls 102, who answers; then 101 calls again and gives up.
    await lab("phones/fxs1/offhook");
    await lab("phones/fxs1/dial", { digits: "102" });
    await expect.poll(async () => (await phone("fxs2")).ringing, { timeout: 15_000 }).toBe(true);
    await lab("phones/fxs2/offhook");
    await expect.poll(async () => (await phone("fxs2")).ringing, { timeout: 10_000 }).toBe(false);
    await lab("phones/fxs1/onhook");
    await lab("phones/fxs2/onhook");
    await expect.poll(logged, { timeout: 15_000 }).toBe(1);
    await lab("phones/fxs1/offhook");
    await lab("phones/fxs1/dial", { digits: "102" });
    await expect.poll(async () => (await phone("fxs2")).ringing, { timeout: 15_000 }).toBe(true);
    await lab("phones/fxs1/onhook");
    await expect.poll(logged, { timeout: 15_000 }).toBe(2);

    await nav("Call log").click();
    await page.getByRole("heading", { level: 1, name: "Call log" }).waitFor();
    const rows = page.locator("#call-log tbody tr[data-call]");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getAttribute("data-outcome")).toBe("unanswered");

    await page.selectOption("#filter-outcome", "answered");
    await page.fill("#filter-line", "fxs/2");
    await page.click("#call-filter button[type=submit]");
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.getAttribute("data-outcome")).toBe("answered");
    expect(await row.locator('[data-key="caller"]').textContent()).toBe("101 Alice");
    expect(await row.locator('[data-key="lines"]').textContent()).toBe("fxs/1 → fxs/2");

    await row.locator("button[data-details]").click();
    const details = page.locator("[data-call-details]");
    await details.locator('li[data-leg="fxs/2"]').waitFor();
    expect(await details.locator('li[data-leg="fxs/1"]').count()).toBe(1);
    // Not recorded: no player.
    expect(await details.locator("audio").count()).toBe(0);

    // The CSV has the same filters: the header and the one call.
    const href = await page.getAttribute("#csv", "href");
    expect(href).toContain("outcome=answered");
    expect(href).toContain("channel=fxs%2F2");
    const csv = await page.evaluate(async (h) => (await fetch(h!)).text(), href);
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^id,started_at,/);
    expect(lines[1]).toContain(",answered,");
    await screenshot(page, "calls");

    // A filter the box refuses: its message, nothing listed as if empty.
    await page.fill("#filter-from", "2026-03-10");
    await page.fill("#filter-to", "2026-03-01");
    await page.click("#call-filter button[type=submit]");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("the range ends before it starts");
    expect(await page.getAttribute("#filter-to", "aria-invalid")).toBe("true");
    expect(await rows.count()).toBe(0);
    // The 415 of the text file is the one refusal the page logs beyond
    // those watch ignores.
    expect(problems.filter((p) => !/status of 415/.test(p))).toEqual([]);
  });
});
