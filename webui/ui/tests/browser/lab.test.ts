// The lab as a new user tries the box, in a real Chromium against a real
// pbxd on the simulated board: a call between two phones transferred with
// the R button and the keypad typed on the keyboard; a fax from a PSTN line
// (the line plays a calling fax's CNG) that the box moves to the fax port;
// and Start over, which puts the phones on hook and repairs a modem.
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";

const password = "correct horse battery";

// office is 101 Alice, 102 Bob and 103 Carol on FXS 1-3, the fax machine
// 104 on FXS 4 in fax mode, and PSTN line 1 answered by a voice menu that
// waits for a key (a fax never presses one).
const names = ["Alice", "Bob", "Carol", "Fax"];
const office: Config = {
  extensions: [101, 102, 103, 104].map((n, i) => ({
    id: i + 1, number: String(n), name: names[i], email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false,
  })),
  fxs_ports: [1, 2, 3, 4].map((n) => ({
    id: n, port: n, extension_id: n, mode: n === 4 ? "fax" : "voice", caller_id: n === 4 ? "off" : "etsi_fsk_after_ring",
    country: "RU", hotline: "", echo_cancel: n !== 4,
  })),
  fxo_lines: [{ id: 1, port: 1, name: "City", number: "", country: "RU", enabled: true }],
  scenarios: [{
    id: 1, name: "City line", document: {
      schema: 1, elements: [
        { id: "in", type: "incoming", next: { next: "menu" } },
        { id: "menu", type: "menu", params: { prompt: { text: "Press 1 for Alice." }, keys: ["1"], timeout: 30, repeats: 1 }, next: { "1": "alice", no_input: "bye", invalid: "bye" } },
        { id: "alice", type: "internal", params: { extension: "101" } },
        { id: "bye", type: "hangup" },
      ],
    },
  }],
  inbound_routes: [{
    id: 1, name: "City line", source: "fxo", did: "", sip_trunk_id: null, fxo_line_id: 1, gsm_module_id: null, scenario_id: 1,
    schedule_id: null, greeting_prompt_id: null, record_calls: false,
  }],
};

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
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
    await page.getByRole("navigation").getByRole("link", { name: "Lab" }).click();
    await page.getByRole("heading", { level: 1, name: "Lab" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("shows the five-minute guide", async () => {
    expect(await page.locator("#lab-guide li").count()).toBe(4);
    expect(await page.textContent('#lab-guide [data-step="transfer"]')).toContain("press R");
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
