// The lab as a new user tries the box, in a real Chromium against a fresh
// pbxd on the simulated board: the demo office set up with one button; a
// call between two phones transferred with the R button and the keypad
// typed on the keyboard; Start over, which puts the phones on hook and
// repairs a modem; a fax from a PSTN line (the line plays a calling fax's
// CNG) that the box moves to the fax port.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot } from "./page";
import { startPbxd, type Pbxd } from "./pbxd";

const password = "correct horse battery";

describe.sequential("trying the box in the lab", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const phone = (slot: string) => page.locator(`[data-phone="${slot}"]`);
  const hears = (card: Locator) => card.locator('[data-key="hears"]').getAttribute("data-value");
  const hz = async (card: Locator) => Number((await card.locator('[data-key="level"]').getAttribute("data-hz")) || "0");
  // type presses keys with the phone's keypad focused, as on a keyboard.
  const type = async (slot: string, keys: string) => {
    await phone(slot).locator('.keypad [data-key="1"]').focus();
    for (const k of keys) await page.keyboard.press(k);
  };
  const playTone = async (card: Locator, preset: string) => {
    await card.locator("form.tone select").selectOption(preset);
    await card.locator("form.tone button").click();
  };

  beforeAll(async () => {
    pbxd = await startPbxd(30_000);
    ({ browser, page } = await openBox(pbxd, password, problems));
    await page.getByRole("navigation").getByRole("link", { name: "Lab" }).click();
    await page.getByRole("heading", { level: 1, name: "Lab" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("shows the five-minute guide and sets up the demo office", async () => {
    expect(await page.locator("#lab-guide li").count()).toBe(4);
    expect(await page.textContent('#lab-guide [data-step="transfer"]')).toContain("press R");
    await page.click("#lab-demo");
    await page.locator("#lab-demo-done").waitFor();
    const exts = (await api(page, "GET", "/api/extensions")).body as { number: string }[];
    expect(exts.map((e) => e.number).sort()).toEqual(["101", "102", "103", "104"]);
    expect((await api(page, "GET", "/api/fxs-ports/4")).body).toMatchObject({ extension: "104", mode: "fax" });
  });

  it("transfers a call blind with R and the keyboard", async () => {
    await phone("fxs1").locator('[data-action="offhook"]').click();
    await expect.poll(() => hears(phone("fxs1")), { timeout: 5_000 }).toBe("dial");
    await type("fxs1", "102");
    await expect.poll(() => phone("fxs2").getAttribute("data-state"), { timeout: 15_000 }).toBe("ringing");
    await phone("fxs2").locator('[data-action="offhook"]').click();
    await expect.poll(() => phone("fxs2").getAttribute("data-state")).toBe("offHook");

    // Bob presses R: Alice waits with music, Bob hears the second dial
    // tone and dials Carol.
    await type("fxs2", "r");
    await expect.poll(() => hears(phone("fxs2")), { timeout: 5_000 }).toBe("dial");
    await type("fxs2", "103");
    await expect.poll(() => phone("fxs3").getAttribute("data-state"), { timeout: 15_000 }).toBe("ringing");
    await expect.poll(() => phone("fxs3").locator('[data-key="caller-id"]').textContent(), { timeout: 10_000 }).toContain("102");
    await screenshot(page, "lab-transfer");

    // Bob hangs up while Carol rings: Alice hears ringback, Carol answers,
    // and Carol's test tone reaches Alice.
    await phone("fxs2").locator('[data-action="onhook"]').click();
    await expect.poll(async () => Math.abs((await hz(phone("fxs1"))) - 425), { timeout: 10_000 }).toBeLessThan(5);
    await phone("fxs3").locator('[data-action="offhook"]').click();
    await expect.poll(() => phone("fxs3").getAttribute("data-state")).toBe("offHook");
    await playTone(phone("fxs3"), "test");
    await expect.poll(() => hz(phone("fxs1")), { timeout: 5_000 }).toBeGreaterThan(995);
    expect(await hz(phone("fxs1"))).toBeLessThan(1013);
  });

  it("starts over: every phone on hook and a broken modem repaired", async () => {
    const gsm1 = page.locator('[data-gsm="gsm1"]');
    await gsm1.locator('[data-action="break"]').click();
    await gsm1.locator('[data-action="recover"]').waitFor();
    await page.click("#lab-reset");
    for (const slot of ["fxs1", "fxs2", "fxs3", "fxs4"]) {
      // A phone that was rung shows ringing until the ringing's pause has
      // lasted longer than any cadence's (8 s).
      await expect.poll(() => phone(slot).getAttribute("data-state"), { timeout: 12_000 }).toBe("onHook");
    }
    await gsm1.locator('[data-action="break"]').waitFor();
  });

  it("moves a fax from a PSTN line to the fax port when the line plays CNG", async () => {
    const line = page.locator('[data-line="fxo1"]');
    await line.locator('[data-action="ring"]').click();
    await expect.poll(() => line.getAttribute("data-state"), { timeout: 15_000 }).toBe("talking");
    await playTone(line, "cng");
    await expect.poll(() => phone("fxs4").getAttribute("data-state"), { timeout: 20_000 }).toBe("ringing");
    expect(await phone("fxs1").getAttribute("data-state")).toBe("onHook");
    await phone("fxs4").locator('[data-action="offhook"]').click();
    // The fax machine answers with CED; the calling side hears 2100 Hz.
    await playTone(phone("fxs4"), "ced");
    await expect.poll(() => hz(line), { timeout: 5_000 }).toBeGreaterThan(2080);
    expect(await hz(line)).toBeLessThan(2120);
    await screenshot(page, "lab-fax");
    await page.click("#lab-reset");
    await expect.poll(() => line.getAttribute("data-state"), { timeout: 15_000 }).toBe("idle");
    expect(problems).toEqual([]);
  });
});
