// startPbxd runs a real pbxd for the browser tests: a fresh data
// directory, the web UI and SIP on free loopback ports, and its output read
// for the web UI's address and the first-run setup code.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Pbxd {
  url: string; // base URL of the web UI, http://127.0.0.1:port
  setupCode: string;
  output: () => string;
  stop: () => Promise<void>;
}

const listening = /msg=listening part="web UI" addr=(\S+)/;
const setupCode = /Hookflash setup code: (\S+)/;

// pbxdPath is the binary under test: $PBXD, else the one `make build`
// writes.
export function pbxdPath(): string {
  return process.env.PBXD ?? fileURLToPath(new URL("../../../../build/pbxd", import.meta.url));
}

export async function startPbxd(timeoutMs = 30_000): Promise<Pbxd> {
  const data = mkdtempSync(join(tmpdir(), "hookflash-ui-"));
  const child: ChildProcess = spawn(pbxdPath(), [], {
    env: { ...process.env, PBX_DATA: data, PBX_WEB: "127.0.0.1:0", PBX_SIP: "127.0.0.1:0", PBX_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let url = "";
  let code = "";
  const exited = new Promise<void>((res) => child.on("exit", () => res()));
  const ready = new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`pbxd did not listen within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      code ||= setupCode.exec(out)?.[1] ?? "";
      url ||= listening.exec(out)?.[1] ? `http://${listening.exec(out)![1]}` : "";
      if (url && code) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (e) => {
      clearTimeout(timer);
      rej(new Error(`start ${pbxdPath()}: ${e.message}: run make build first`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      rej(new Error(`pbxd exited before it listened:\n${out}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, setupCode: code, output: () => out, stop };
}
