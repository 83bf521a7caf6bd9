// Checking a prompt file before it is uploaded (../upload sends it with its
// progress), and fetching a spoken preview.
import { networkError, parseApiError, type Client } from "../api";

// maxPromptBytes is the box's limit on an uploaded prompt
// (prompt.DefaultOpts.MaxSize).
export const maxPromptBytes = 2_000_000;

const audioExtensions = [".mp3", ".wav"];

// checkPromptFile returns the text key of what is wrong with a file the
// admin chose, before it is sent, or "" when it may go: the box has the
// last word on what is inside.
export function checkPromptFile(file: { name: string; size: number }): string {
  const name = file.name.toLowerCase();
  if (!audioExtensions.some((e) => name.endsWith(e))) return "prompts.notAudio";
  if (file.size === 0) return "prompts.emptyFile";
  if (file.size > maxPromptBytes) return "prompts.tooLarge";
  return "";
}

// promptName is the name a prompt gets from its file when the admin gives
// none, as the box names it: the file's name without its extension.
export function promptName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, "").trim();
}

// fetchAudio posts body as JSON to path and returns the audio the box
// answers, or throws its ApiError.
export async function fetchAudio(client: Client, path: string, body: unknown): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": client.csrf },
      body: JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) {
    let data: unknown = undefined;
    try {
      data = await res.json();
    } catch {
      data = undefined;
    }
    throw parseApiError(res.status, data);
  }
  return res.blob();
}
