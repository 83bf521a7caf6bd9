// The live dashboard and the ports, GSM and outbound-rule pages in a real
// Chromium against a real pbxd on the simulated board: set FXS 2 up on
// its page, watch FXS 1 go off hook and a lab call between FXS 1 and 2 on
// the dashboard without a reload, send an SMS and ask the balance on the
// GSM page, and order an outbound rule's lines.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, labPost, openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";

const password = "correct horse battery";

// office is 101 Alice on FXS port 1 and 102 Bob on no port yet: the test
// puts 102 on FXS 2 through the FXS ports page.
const office: Config = {
  extensions: [101, 102].map((n, i) => ({
    id: i + 1, number: String(n), name: ["Alice", "Bob"][i], email: "", mobile: "", dnd: false, on_duty: true, outbound: "internal", voicemail: false,
  })),
  fxs_ports: [1, 2].map((n) => ({
    id: n, port: n, extension_id: n === 1 ? 1 : null, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true,
  })),
};

describe.sequential("live telephony and the ports pages", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });
  const lab = (path: string, body?: unknown) => labPost(page, path, body);

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("sets up FXS port 2 on its page", async () => {
    await nav("FXS ports").click();
    await page.getByRole("heading", { level: 1, name: "FXS ports" }).waitFor();
    expect(await page.textContent('tr[data-port="2"] [data-key="extension"]')).toBe("(none)");
    await page.click('button[data-edit="2"]');
    await page.selectOption("#field-extension", "102");
    await page.selectOption("#field-caller_id", "etsi_fsk_after_ring");
    // The countries are those the box has tones for, by name in the page's language.
    await expect.poll(() => page.locator("#field-country option").allTextContents()).toEqual([
      "Germany (DE)", "Poland (PL)", "Russia (RU)", "Ukraine (UA)", "United Kingdom (GB)", "United States (US)",
    ]);
    expect(await page.inputValue("#field-country")).toBe("RU");
    await page.selectOption("#field-country", { label: "Ukraine (UA)" });
    await page.fill("#field-hotline", "1x");
    await page.click("#fxs-form button[type=submit]");
    // A hotline that is no number: the box's message, on its field.
    await expect.poll(() => page.getAttribute("#field-hotline", "aria-invalid")).toBe("true");
    expect(await page.locator("#fxs-form").locator("xpath=..").getByRole("alert").textContent()).toContain("hotline");
    await page.fill("#field-hotline", "");
    await page.click("#fxs-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("FXS port 2 saved.");
    await expect.poll(() => page.textContent('tr[data-port="2"] [data-key="extension"]')).toBe("102");
    const stored = await api(page, "GET", "/api/fxs-ports/2");
    expect(stored.body).toMatchObject({ extension: "102", caller_id: "etsi_fsk_after_ring", country: "UA" });
    expect(await page.textContent('tr[data-port="2"] [data-key="country"]')).toBe("Ukraine");
    await page.selectOption("#language", "uk");
    await expect.poll(() => page.textContent('tr[data-port="2"] [data-key="country"]')).toBe("Україна");
    expect(await page.locator("#field-country option").first().textContent()).toBe("Велика Британія (GB)");
    await page.selectOption("#language", "en");
    await expect.poll(() => page.textContent('tr[data-port="2"] [data-key="country"]')).toBe("Ukraine");
    await screenshot(page, "fxs-ports");
  });

  it("shows FXS 1 off hook live, then a lab call between FXS 1 and FXS 2, then no call", async () => {
    await nav("Dashboard").click();
    const fxs1 = page.locator('[data-fxs="1"]');
    const fxs2 = page.locator('[data-fxs="2"]');
    await expect.poll(() => fxs1.getAttribute("data-state")).toBe("idle");
    await expect.poll(() => page.locator('[data-gsm="1"]').getAttribute("data-state"), { timeout: 15_000 }).toBe("up");
    expect(await page.locator('[data-gsm="1"] .bars').getAttribute("data-bars")).toMatch(/^[1-5]$/);

    await lab("phones/fxs1/offhook");
    // Off hook with dial tone: the box calls it dialling.
    await expect.poll(() => fxs1.getAttribute("data-state")).toMatch(/^(offHook|dialling)$/);
    await lab("phones/fxs1/dial", { digits: "102" });
    await expect.poll(() => fxs2.getAttribute("data-state"), { timeout: 15_000 }).toBe("ringing");
    await lab("phones/fxs2/offhook");
    const call = page.locator("#calls tbody tr");
    await expect.poll(() => call.count(), { timeout: 15_000 }).toBe(1);
    expect(await call.getAttribute("data-from")).toBe("101 Alice");
    expect(await call.getAttribute("data-to")).toBe("102");
    expect(await call.textContent()).toContain("fxs/1");
    await expect.poll(() => fxs2.getAttribute("data-state")).toBe("inCall");
    // The duration ticks on the page: it shows a clock that grows.
    await expect.poll(() => call.locator('[data-key="duration"]').textContent(), { timeout: 5_000 }).toMatch(/^0:0[1-9]$/);
    await screenshot(page, "dashboard-call");

    await lab("phones/fxs1/onhook");
    await page.locator("#no-calls").waitFor({ timeout: 15_000 });
    await lab("phones/fxs2/onhook");
    await expect.poll(() => fxs1.getAttribute("data-state"), { timeout: 10_000 }).toBe("idle");
    await expect.poll(() => fxs2.getAttribute("data-state"), { timeout: 10_000 }).toBe("idle");
    await screenshot(page, "dashboard-telephony");
  });

  it("sends an SMS from the GSM page and shows it in the outbox; asks the balance", async () => {
    await nav("GSM").click();
    await page.getByRole("heading", { level: 1, name: "GSM" }).waitFor();
    await page.fill("#field-to", "+79001234567");
    await page.fill("#field-text", "Hello from the office");
    expect(await page.textContent("#sms-length")).toBe("21 characters");
    await page.click("#sms-form button[type=submit]");
    await page.locator("#sms-queued").waitFor();
    const sent = page.locator("#outbox li").filter({ hasText: "Hello from the office" });
    await sent.waitFor();
    expect(await sent.textContent()).toContain("+79001234567");

    await page.click("#ussd-form button[type=submit]");
    await expect.poll(() => page.textContent("#ussd-answer"), { timeout: 15_000 }).toContain("Balance");
    await screenshot(page, "gsm");
  });

  it("orders an outbound rule's lines with the buttons and keeps the order", async () => {
    await nav("Outbound rules").click();
    await page.fill("#field-name", "Mobile");
    await page.fill("#field-prefix", "89");
    await page.click("#rule-form button[type=submit]");
    await page.locator("#rule-title").filter({ hasText: "Mobile" }).waitFor();
    for (const key of ["gsm:1", "fxo:1"]) {
      await page.selectOption("#add-line", key);
      await page.getByRole("button", { name: "Add line" }).click();
      await page.locator(`#rule-lines [data-line="${key}"]`).waitFor();
    }
    const order = () => page.locator("#rule-lines li").evaluateAll((els) => els.map((e) => e.getAttribute("data-line")));
    expect(await order()).toEqual(["gsm:1", "fxo:1"]);
    await page.locator('#rule-lines [data-line="fxo:1"] [data-move="up"]').click();
    expect(await order()).toEqual(["fxo:1", "gsm:1"]);
    await page.click("#save-lines");
    await page.locator("#lines-saved").waitFor();
    const rules = (await api(page, "GET", "/api/outbound-rules")).body as { id: number; name: string }[];
    const id = rules.find((r) => r.name === "Mobile")!.id;
    expect((await api(page, "GET", `/api/outbound-rules/${id}/lines`)).body).toEqual([{ fxo_line_id: 1 }, { gsm_module_id: 1 }]);
    await screenshot(page, "outbound-rules");

    await nav("FXO lines").click();
    await page.locator('#fxo-lines tr[data-port="1"]').waitFor();
    await screenshot(page, "fxo-lines");
  });

  it("shows each FXO line's state and voltage live, as the dashboard does", async () => {
    const row = page.locator('#fxo-lines tr[data-port="1"]');
    await expect.poll(() => page.textContent("#fxo-live")).toBe("live");
    await expect.poll(() => row.getAttribute("data-state")).toBe("idle");
    expect(await row.locator('[data-key="volts"]').textContent()).toMatch(/^-?[1-9]\d* V$/);
    const loads: string[] = [];
    const count = (r: { method: () => string; url: () => string }) => {
      const path = new URL(r.url()).pathname;
      if (r.method() === "GET" && (path === "/api/telephony" || path === "/api/fxo-lines")) loads.push(path);
    };
    page.on("request", count);
    await labPost(page, "lines/fxo1/present", { present: false });
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 20_000 }).toBe("down");
    expect(await row.locator('[data-key="state"]').textContent()).toBe("down");
    expect(await row.locator('[data-key="volts"]').textContent()).toBe("0 V");
    await labPost(page, "lines/fxo1/present", { present: true });
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 20_000 }).toBe("idle");
    page.off("request", count);
    // It came over the websocket: the page read nothing again.
    expect(loads).toEqual([]);
  });

  it("adds a SIP device to 101 and shows its password once with a QR code", async () => {
    await nav("Extensions").click();
    await page.click('button[data-devices="101"]');
    await page.locator("#devices-title").filter({ hasText: "101" }).waitFor();
    expect(await page.inputValue("#field-password")).toMatch(/^[A-Za-z0-9]{16}$/);
    await page.fill("#field-description", "Alice's softphone");
    await page.fill("#field-password", "Tr0ub4dor&3-long");
    await page.click("#device-form button[type=submit]");
    await page.locator("#credentials").waitFor();
    expect(await page.textContent('#credentials [data-key="username"]')).toBe("101");
    expect(await page.textContent('#credentials [data-key="password"]')).toBe("Tr0ub4dor&3-long");
    expect(await page.locator("#credentials svg.qr path").getAttribute("d")).toMatch(/^M\d/);
    await page.locator('#device-list [data-device="101"]').waitFor();
    await screenshot(page, "devices");
    await page.getByRole("button", { name: "Done, I have noted it" }).click();
    await expect.poll(() => page.locator("#credentials").count()).toBe(0);
    expect(await page.textContent("#devices")).not.toContain("Tr0ub4dor&3-long");
  });

  it("creates a SIP trunk and two inbound routes, and copies one route's setup to the other", async () => {
    const reception = { schema: 1, elements: [{ id: "in", type: "incoming", next: { next: "bye" } }, { id: "bye", type: "hangup", params: {} }] };
    const created = await api(page, "POST", "/api/scenarios", { name: "Reception", document: reception });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await nav("SIP trunks").click();
    await page.fill("#field-name", "provider");
    await page.fill("#field-host", "sip.example.net");
    await page.fill("#field-username", "office");
    await page.fill("#field-password", "provider-secret");
    await page.click("#trunk-form button[type=submit]");
    await expect.poll(() => page.textContent("#saved")).toBe("provider saved.");
    await page.locator('#trunks tr[data-trunk="provider"]').waitFor();
    expect(await page.textContent("#field-password-hint")).toContain("A password is stored");
    await screenshot(page, "trunks");

    await nav("Inbound routes").click();
    await page.getByRole("heading", { level: 1, name: "Inbound routes" }).waitFor();
    const create = async (name: string, source: string, field: string, record: boolean) => {
      await page.fill("#field-name", name);
      await page.selectOption("#field-source", source);
      await page.selectOption(`#field-${field}`, "1");
      await page.selectOption("#field-scenario_id", { label: "Reception" });
      if (record) await page.check("#field-record_calls");
      await page.click("#route-form button[type=submit]");
      await expect.poll(() => page.textContent("#saved")).toBe(`${name} saved.`);
      await page.locator(`#routes tr[data-route="${name}"]`).waitFor();
    };
    await create("GSM calls", "gsm", "gsm_module_id", true);
    await page.getByRole("button", { name: "New inbound route" }).click();
    await create("City line", "fxo", "fxo_line_id", false);
    // Still editing City line: copy the setup of GSM calls into it.
    await page.selectOption("#copy-from", { label: "GSM calls" });
    await page.getByRole("button", { name: "Copy setup" }).click();
    await expect.poll(() => page.isChecked("#field-record_calls")).toBe(true);
    const routes = (await api(page, "GET", "/api/routes")).body as { name: string; source: string; fxo_line_id: number | null; record_calls: boolean }[];
    expect(routes.find((r) => r.name === "City line")).toMatchObject({ source: "fxo", fxo_line_id: 1, record_calls: true });
    await screenshot(page, "routes");
  });

  it("reported no script errors or CSP violations", () => {
    expect(problems).toEqual([]);
  });
});
