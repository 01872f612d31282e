// Talking to the service: JSON in, JSON or problem+json (RFC 9457) out, the API key when one is needed.

const KEY_STORAGE = "summarizer.apiKey";
const KEY_HEADER = "X-API-Key";
const MAX_RETRIES_503 = 3;
const DEFAULT_RETRY_S = 5;

/** An error the page can show: the problem document's title, detail and errors[], or what went wrong. */
export class Problem extends Error {
  constructor({ title, detail, status = null, errors = [], requestId = null }) {
    super(detail);
    this.title = title;
    this.detail = detail;
    this.status = status;
    this.errors = errors;
    this.requestId = requestId;
  }
}

export const storedKey = () => sessionStorage.getItem(KEY_STORAGE);
export const forgetKey = () => sessionStorage.removeItem(KEY_STORAGE);
const rememberKey = (key) => sessionStorage.setItem(KEY_STORAGE, key);

/**
 * POSTs `body` as JSON to `path` and resolves to the parsed answer.
 *
 * On 401 it calls `askKey(detail)` (resolving to a key, or null to give up), keeps the key for the tab
 * and tries again; on 503 it waits for Retry-After (telling `onWait`) a few times. Every other failure
 * rejects with a Problem.
 */
export async function postJson(path, body, { signal, askKey, onWait }) {
  const payload = JSON.stringify(body);
  for (let attempt = 0; ; attempt += 1) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = storedKey();
    if (key) headers[KEY_HEADER] = key;
    let response;
    try {
      response = await fetch(path, { method: "POST", headers, body: payload, signal });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new Problem({
        title: "The service cannot be reached",
        detail: `No answer from ${location.origin} (${error.message}). Check that the service is running (make serve) and try again.`,
      });
    }
    if (response.ok) return response.json();
    const problem = await readProblem(response);
    if (response.status === 401) {
      if (key) forgetKey();
      const newKey = await askKey(problem.detail);
      if (!newKey) throw problem;
      rememberKey(newKey);
      continue;
    }
    if (response.status === 503 && attempt < MAX_RETRIES_503) {
      const seconds = Number.parseInt(response.headers.get("Retry-After"), 10) || DEFAULT_RETRY_S;
      onWait(problem.detail, seconds, attempt + 1, MAX_RETRIES_503);
      await sleep(seconds * 1000, signal);
      continue;
    }
    throw problem;
  }
}

/** GETs a JSON document; null when it cannot be had (the page then works with its defaults). */
export async function getJson(path) {
  try {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function readProblem(response) {
  const requestId = response.headers.get("X-Request-ID");
  const fallback = {
    title: `${response.status} ${response.statusText || "Error"}`.trim(),
    detail: `The service answered ${response.status} without saying why.`,
    status: response.status,
    requestId,
  };
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) return new Problem(fallback);
  let doc;
  try {
    doc = await response.json();
  } catch {
    return new Problem(fallback);
  }
  return new Problem({
    title: typeof doc.title === "string" ? doc.title : fallback.title,
    detail: typeof doc.detail === "string" ? doc.detail : fallback.detail,
    status: typeof doc.status === "number" ? doc.status : response.status,
    errors: Array.isArray(doc.errors) ? doc.errors : [],
    requestId: doc.request_id || requestId,
  });
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("cancelled", "AbortError"));
    });
  });
}
