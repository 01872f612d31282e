// Files and pasted text -> the API's article objects, read as the command line reads them.
//
// .txt/.md -> {id: stem, text}; .html/.htm -> {id: stem, html} (the service extracts the main text);
// .json -> an object with "text" (or "html"), a list of them or {"articles": [...]}; .jsonl -> one per line.
// Nothing is dropped in silence: what cannot be used comes back in `skipped` with the reason.

export const SUPPORTED = [".txt", ".md", ".html", ".htm", ".json", ".jsonl"];
const ARTICLE_FIELDS = ["title", "source", "url", "published"];
const BINARY_SNIFF_BYTES = 8192;
// A first line is a title when it is short and does not end like a sentence.
const TITLE_MAX_CHARS = 150;
const TITLE_MAX_WORDS = 20;
const BLOCK_SEPARATOR = /^[ \t]*---[ \t]*$/m;
const URL_PATTERN = /^https?:\/\/\S+$/i;
// Each field and the names other tools write it under; the service sends its own table (useFieldAliases).
let fieldAliases = {
  id: ["id"],
  text: ["text"],
  html: ["html"],
  title: ["title"],
  url: ["url"],
  source: ["source"],
  published: ["published"],
};

/** Reads JSON records under the same names as the service does (its table from /desk/config.json). */
export function useFieldAliases(aliases) {
  if (aliases && typeof aliases === "object" && Object.values(aliases).every(Array.isArray)) fieldAliases = aliases;
}

function suffixOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

function stemOf(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Reads picked or dropped files; resolves to {articles, skipped: [{source, reason}]}. */
export async function readFiles(files) {
  const articles = [];
  const skipped = [];
  for (const file of files) {
    try {
      const found = await readFile(file);
      articles.push(...found.articles);
      skipped.push(...found.skipped);
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ source: file.name, reason: error.message });
    }
  }
  return { articles, skipped };
}

class Skip extends Error {}

async function readFile(file) {
  const suffix = suffixOf(file.name);
  if (!SUPPORTED.includes(suffix)) {
    throw new Skip(`not a supported file type; use ${SUPPORTED.join(", ")}`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.every((b) => b === 0x20 || (b >= 0x09 && b <= 0x0d))) throw new Skip("empty file");
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new Skip("binary file, not text");
  let text;
  try {
    // Like Python's utf-8-sig: a leading BOM is dropped, line ends stay as they are (offsets index this text).
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Skip("not UTF-8 text: convert it to UTF-8");
  }
  return parseText(stemOf(file.name), text, suffix);
}

function parseText(stem, text, suffix) {
  if (suffix === ".jsonl") return parseJsonl(stem, text);
  if (suffix === ".json") return parseJson(stem, text);
  if (suffix === ".html" || suffix === ".htm") return { articles: [{ id: stem, html: text }], skipped: [] };
  return { articles: [{ id: stem, text }], skipped: [] };
}

function parseJson(stem, text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Skip(`invalid JSON: ${error.message}`);
  }
  if (data && typeof data === "object" && !Array.isArray(data)) {
    if (Array.isArray(data.points) || Array.isArray(data.stories)) {
      throw new Skip("this is a saved digest, not articles: open it with \u201cOpen a saved digest\u201d");
    }
    if (Array.isArray(data.articles)) data = data.articles;
  }
  if (Array.isArray(data)) return fromRecords(stem, data.map((record, i) => [i + 1, record]), "item");
  if (data && typeof data === "object") return { articles: [fromRecord(data, stem)], skipped: [] };
  throw new Skip('expected an object with "text", a list of them, or {"articles": [...]}');
}

function parseJsonl(stem, text) {
  const records = [];
  const skipped = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (!line.trim()) return;
    try {
      records.push([index + 1, JSON.parse(line)]);
    } catch (error) {
      skipped.push({ source: `${stem}:${index + 1}`, reason: `invalid JSON: ${error.message}` });
    }
  });
  const loaded = fromRecords(stem, records, "line");
  return { articles: loaded.articles, skipped: [...skipped, ...loaded.skipped] };
}

function fromRecords(stem, records, where) {
  const articles = [];
  const skipped = [];
  for (const [number, record] of records) {
    try {
      articles.push(fromRecord(record, `${stem}-${number}`));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ source: `${stem} ${where} ${number}`, reason: error.message });
    }
  }
  return { articles, skipped };
}

function fromRecord(record, defaultId) {
  if (!record || typeof record !== "object" || Array.isArray(record)) {
    throw new Skip('expected an object with a "text" field');
  }
  const fields = canonicalFields(record);
  const article = { id: articleId(fields.id, defaultId) };
  for (const name of ARTICLE_FIELDS) {
    if (typeof fields[name] === "string") article[name] = fields[name].trim();
  }
  if (typeof fields.text === "string") article.text = fields.text;
  else if (typeof fields.html === "string") article.html = fields.html;
  else throw new Skip(`"text" is missing or empty${article.url ? ' (it has only a "url": save the page and add that file)' : ""}`);
  return article;
}

function articleId(value, defaultId) {
  if (typeof value === "string" && value.trim()) return value;
  if (Number.isInteger(value)) return String(value);
  return defaultId; // null, absent or unusable (a list, a bool): the record's place names it
}

/** The record's fields under the service's names, read as the service reads them (see useFieldAliases). */
function canonicalFields(record) {
  const found = {};
  for (const [name, aliases] of Object.entries(fieldAliases)) {
    for (const alias of aliases) {
      const value = record[alias];
      if (typeof value === "string" && alias === "source" && URL_PATTERN.test(value.trim())) {
        if (!("url" in found)) found.url = value; // trafilatura writes the page's address as "source"
        continue;
      }
      const blank = typeof value === "string" && !value.trim();
      const own = alias === name && value !== null && value !== undefined && !blank;
      if (own || (typeof value === "string" && !blank)) {
        found[name] = value;
        break;
      }
    }
  }
  return found;
}

/**
 * Pasted articles: blocks separated by a line "---". A block's first line is its title when it looks
 * like one (short, more text follows, not ending like a sentence); the text sent is the rest, trimmed.
 */
export function parsePaste(value, idPrefix = "pasted") {
  const articles = [];
  value.split(BLOCK_SEPARATOR).forEach((block) => {
    const trimmed = block.trim();
    if (!trimmed) return;
    const article = { id: `${idPrefix}-${articles.length + 1}` };
    const newline = trimmed.search(/\r?\n/);
    const firstLine = newline === -1 ? trimmed : trimmed.slice(0, newline);
    const rest = newline === -1 ? "" : trimmed.slice(newline).trim();
    const heading = firstLine.replace(/^#{1,6}\s+/, "").trim();
    if (rest && looksLikeTitle(heading)) {
      article.title = heading;
      article.text = rest;
    } else {
      article.text = trimmed;
    }
    articles.push(article);
  });
  return articles;
}

function looksLikeTitle(line) {
  return (
    line.length > 0 &&
    line.length <= TITLE_MAX_CHARS &&
    line.split(/\s+/).length <= TITLE_MAX_WORDS &&
    !/[.,;:]$/.test(line)
  );
}

/** Ids must be unique: a later repeat becomes "id~2", "id~3", as on the command line. */
export function uniqueIds(articles) {
  const seen = new Set();
  return articles.map((article) => {
    let id = article.id;
    for (let n = 2; seen.has(id); n += 1) id = `${article.id}~${n}`;
    seen.add(id);
    return id === article.id ? article : { ...article, id };
  });
}
