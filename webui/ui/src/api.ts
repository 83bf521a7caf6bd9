// The box's JSON API: every request the app makes goes through Client,
// which sends the CSRF token and turns error answers into ApiError.

// Problem is one problem of a scenario as the API reports it: the element
// and outcome or parameter it concerns, and what to do.
export interface Problem {
  element?: string;
  label?: string;
  outcome?: string;
  field?: string;
  path?: string;
  message: string;
}

// ApiError is a failed request. message is the box's own sentence, which
// says what to do; when the box sent none, key names the app's fallback
// text (with status as its parameter). field names the form field at fault.
export class ApiError extends Error {
  readonly status: number;
  readonly field: string;
  readonly problems: Problem[];
  readonly key: string;

  constructor(status: number, message: string, field = "", problems: Problem[] = [], key = "") {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.problems = problems;
    this.key = key;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseProblem(v: unknown): Problem | null {
  if (!isRecord(v) || typeof v.message !== "string") return null;
  const p: Problem = { message: v.message };
  for (const k of ["element", "label", "outcome", "field", "path"] as const) {
    if (typeof v[k] === "string" && v[k] !== "") p[k] = v[k] as string;
  }
  return p;
}

// parseApiError reads the body of an error answer, {"error": ..., "field":
// ..., "problems": [...]}, into an ApiError. A body of another shape gives
// the fallback key "errors.status".
export function parseApiError(status: number, body: unknown): ApiError {
  if (!isRecord(body) || typeof body.error !== "string" || body.error === "") {
    return new ApiError(status, "", "", [], "errors.status");
  }
  const field = typeof body.field === "string" ? body.field : "";
  const problems = Array.isArray(body.problems)
    ? body.problems.map(parseProblem).filter((p): p is Problem => p !== null)
    : [];
  return new ApiError(status, body.error, field, problems);
}

// networkError is the error of a request that got no answer.
export function networkError(): ApiError {
  return new ApiError(0, "", "", [], "errors.network");
}

// Client sends requests to the box. It keeps the CSRF token that
// state-changing requests carry in X-CSRF-Token.
export class Client {
  csrf = "";

  // request sends method path with body as JSON and returns the decoded
  // answer (undefined for 204), or throws an ApiError.
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = this.csrf;
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await fetch(path, init);
    } catch {
      throw networkError();
    }
    let data: unknown = undefined;
    if (res.status !== 204) {
      try {
        data = await res.json();
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) throw parseApiError(res.status, data);
    return data as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }
}
