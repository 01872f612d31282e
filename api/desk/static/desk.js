// The editors' desk: gather articles, ask the service for the digest, read it against the sources.

import { Problem, forgetKey, getJson, postJson, storedKey } from "./api.js";
import { parsePaste, readFiles, uniqueIds, useFieldAliases } from "./input.js";
import { showArticle } from "./reader.js";
import { el, renderStories, toMarkdown } from "./render.js";

const $ = (id) => document.getElementById(id);
const ARTICLE_FIELDS = ["title", "source", "url", "published"];

const state = {
  files: [], // {article, origin} read from files, in the order given
  skipped: [], // {source, reason} files or records that could not be used
  stories: [], // what is shown: [{id, title, articles, digest}]
  shape: "digest", // what Export JSON writes: "digest" (one digest JSON) or "stories" (the stories JSON)
  meta: {},
  library: new Map(), // article id -> {id, text, title, source, url, published}
  controller: null,
  trigger: null, // the button that opened the article view, to return focus to
  storiesAvailable: false,
};

// ---- input -------------------------------------------------------------------------------------

async function addFiles(fileList) {
  const { articles, skipped } = await readFiles([...fileList]);
  for (const article of articles) state.files.push({ article });
  state.skipped.push(...skipped);
  renderFileList();
}

function renderFileList() {
  const list = $("file-list");
  list.replaceChildren();
  state.files.forEach(({ article }, index) => {
    const size = article.text !== undefined ? `${article.text.length.toLocaleString()} characters` : "HTML page";
    list.append(
      el(
        "li",
        { class: "file" },
        el("span", { class: "file-name" }, article.id),
        el("span", { class: "file-meta" }, [article.title, size].filter(Boolean).join(" · ")),
        el("button", { type: "button", class: "link", "aria-label": `Remove ${article.id}`, dataset: { remove: index } }, "Remove"),
      ),
    );
  });
  state.skipped.forEach((skip, index) => {
    list.append(
      el(
        "li",
        { class: "file skipped" },
        el("span", { class: "file-name" }, skip.source),
        el("span", { class: "file-meta" }, `skipped: ${skip.reason}`),
        el("button", { type: "button", class: "link", "aria-label": `Dismiss ${skip.source}`, dataset: { dismiss: index } }, "Dismiss"),
      ),
    );
  });
}

function gatherArticles() {
  const pasted = parsePaste($("text-input").value);
  return uniqueIds([...state.files.map((f) => f.article), ...pasted]);
}

function maxWords() {
  const raw = $("max-words").value.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    throw new Problem({ title: "Word budget", detail: `The word budget must be a whole number of words (got \u201c${raw}\u201d).` });
  }
  return value;
}

// ---- digest ------------------------------------------------------------------------------------

async function digest() {
  clearProblem();
  let articles;
  let body;
  try {
    articles = gatherArticles();
    if (!articles.length) {
      throw new Problem({
        title: "Nothing to digest",
        detail: "Choose or drop article files, or paste articles into the box, then press Digest.",
      });
    }
    // The answer then carries every text its offsets index (the extracted one for a web page).
    body = { articles, include_text: true };
    const words = maxWords();
    if (words !== undefined) body.max_words = words;
  } catch (error) {
    showProblem(error);
    return;
  }
  const stories = state.storiesAvailable && $("stories-input").checked;
  const controller = new AbortController();
  state.controller = controller;
  startProgress(`Digesting ${articles.length === 1 ? "1 article" : `${articles.length} articles`}`);
  try {
    const answer = await postJson(stories ? "/v1/stories" : "/v1/digest", body, {
      signal: controller.signal,
      askKey,
      onWait: (detail, seconds, attempt, most) =>
        setProgress(`The service cannot take it yet (${detail}). Trying again in ${seconds} s (${attempt} of ${most})`),
    });
    const library = libraryOf(articles, stories ? answer.stories.map((s) => s.digest) : [answer]);
    show(stories ? answer.stories : [{ id: "s1", title: null, digest: answer }], stories ? "stories" : "digest", answer.meta, library);
  } catch (error) {
    if (error.name !== "AbortError") showProblem(error);
  } finally {
    state.controller = null;
    stopProgress();
    updateKeyState();
  }
}

/** The texts offsets index: the service's own when it sends them (include_text), else as sent. */
function libraryOf(articles, digests) {
  const library = new Map(articles.map((a) => [a.id, { ...a }]));
  for (const digest of digests) {
    for (const report of digest.articles) {
      const entry = library.get(report.id) || { id: report.id };
      if (typeof report.text === "string") entry.text = report.text;
      for (const name of ARTICLE_FIELDS) if (!entry[name] && typeof report[name] === "string") entry[name] = report[name];
      library.set(report.id, entry);
    }
  }
  return library;
}

function show(stories, shape, meta, library) {
  state.stories = stories;
  // One story is saved as a plain digest (the command line's digest JSON); several as the stories JSON.
  state.shape = stories.length > 1 ? shape : "digest";
  state.meta = meta || {};
  state.library = library;
  closeReader(false);
  const heading = stories.length > 1 ? `${stories.length} stories` : "Digest";
  $("results-heading").textContent = heading;
  $("stories").replaceChildren(...renderStories(stories, library, openArticle));
  const leftOut = (state.meta.skipped || []).filter((report) => report?.id);
  if (leftOut.length) {
    const items = leftOut.map((report) => el("li", {}, el("strong", {}, report.id), `: ${report.skipped_reason || "no text"}`));
    $("stories").prepend(el("div", { class: "left-out-note" }, "Left out before grouping:", el("ul", {}, items)));
  }
  $("workspace").hidden = false;
  const lines = stories.reduce((n, s) => n + s.digest.points.length, 0);
  const disputes = stories.reduce((n, s) => n + s.digest.conflicts.length, 0);
  $("announce").textContent = `Digest ready: ${lines} lines, ${disputes} disagreements.`;
  const missing = [...new Set(stories.flatMap((s) => s.digest.articles.map((a) => a.id)))].filter(
    (id) => typeof library.get(id)?.text !== "string",
  );
  if (missing.length) {
    showProblem(
      new Problem({
        title: "Some article texts are missing",
        detail: `This digest does not carry the text of ${missing.join(", ")}, so their citations cannot be shown. Digests exported from the desk (or the command line's --format json) carry every text.`,
      }),
    );
  }
  $("results-heading").scrollIntoView({ block: "start" });
}

// ---- the article view --------------------------------------------------------------------------

function openArticle({ articleId, span, expected, title, number }, trigger) {
  const article = state.library.get(articleId);
  const reader = $("reader");
  const warning = $("reader-warning");
  warning.hidden = true;
  const metaParts = [article?.source, articleId, article?.published].filter(Boolean).join(" · ");
  const meta = [metaParts];
  if (article?.url && /^https?:\/\//i.test(article.url)) {
    meta.push(" · ", el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, "original"));
  }
  const view = { title: $("reader-title"), meta: $("reader-meta"), body: $("reader-text") };
  reader.hidden = false;
  document.body.classList.add("reading");
  if (typeof article?.text !== "string") {
    showArticle(view, { heading: `[${number}] ${title}`, meta, text: "" }, null);
    warning.textContent = "The text of this article is not part of this digest, so the cited sentence cannot be shown.";
    warning.hidden = false;
  } else {
    const marked = showArticle(view, { heading: `[${number}] ${title}`, meta, text: article.text }, span);
    if (expected !== null && expected !== undefined && marked !== expected) {
      warning.textContent = "The cited span does not match this text: the digest was made from a different version of the article.";
      warning.hidden = false;
    }
  }
  document.querySelectorAll(".active-marker").forEach((b) => b.classList.remove("active-marker"));
  trigger.classList.add("active-marker");
  state.trigger = trigger;
  reader.focus({ preventScroll: true });
}

function closeReader(returnFocus = true) {
  $("reader").hidden = true;
  document.body.classList.remove("reading");
  document.querySelectorAll(".active-marker").forEach((b) => b.classList.remove("active-marker"));
  if (returnFocus && state.trigger?.isConnected) state.trigger.focus();
  state.trigger = null;
}

// ---- export and open ---------------------------------------------------------------------------

/** The digest with every article's text, so that the file can be opened again and read. */
function withTexts(digest) {
  return {
    ...digest,
    articles: digest.articles.map((report) => {
      const known = state.library.get(report.id) || {};
      const out = { ...report };
      if (typeof known.text === "string") out.text = known.text;
      for (const name of ARTICLE_FIELDS) if (out[name] == null && typeof known[name] === "string") out[name] = known[name];
      return out;
    }),
  };
}

function exportJson() {
  const document_ =
    state.shape === "stories"
      ? { stories: state.stories.map((s) => ({ ...s, digest: withTexts(s.digest) })), meta: state.meta }
      : withTexts(state.stories[0].digest);
  download("digest.json", `${JSON.stringify(document_, null, 2)}\n`, "application/json");
}

function exportMarkdown() {
  download("digest.md", toMarkdown(state.stories, state.library), "text/markdown");
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

async function openSaved(file) {
  clearProblem();
  try {
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch (error) {
      throw new Problem({ title: "Not a saved digest", detail: `${file.name} is not valid JSON (${error.message}).` });
    }
    const isDigest = (d) => d && Array.isArray(d.points) && Array.isArray(d.conflicts) && Array.isArray(d.articles);
    if (data && Array.isArray(data.stories) && data.stories.every((s) => isDigest(s?.digest))) {
      const stories = data.stories.map((s, i) => ({ id: s.id || `s${i + 1}`, title: s.title || null, articles: s.articles, digest: s.digest }));
      show(stories, "stories", data.meta, libraryOf([], stories.map((s) => s.digest)));
    } else if (isDigest(data)) {
      show([{ id: "s1", title: null, digest: data }], "digest", data.meta, libraryOf([], [data]));
    } else {
      throw new Problem({
        title: "Not a saved digest",
        detail: `${file.name} holds no digest (expected "points", "conflicts" and "articles", or "stories"). To digest articles, add them with the file picker above.`,
      });
    }
  } catch (error) {
    showProblem(error);
  }
}

// ---- progress, problems and the key ------------------------------------------------------------

let timer = null;
let progressText = "";

function startProgress(text) {
  const began = Date.now();
  progressText = text;
  const tick = () => {
    $("progress-text").textContent = `${progressText}\u2026 ${Math.round((Date.now() - began) / 1000)} s`;
  };
  tick();
  timer = setInterval(tick, 1000);
  $("progress").hidden = false;
  $("digest-button").disabled = true;
  $("results").setAttribute("aria-busy", "true");
}

function setProgress(text) {
  progressText = text;
}

function stopProgress() {
  clearInterval(timer);
  $("progress").hidden = true;
  $("digest-button").disabled = false;
  $("results").removeAttribute("aria-busy");
}

function showProblem(error) {
  const box = $("problem");
  if (!(error instanceof Problem)) {
    console.warn(error); // a bug in the page: say so plainly rather than fail silently
    error = new Problem({ title: "Something went wrong in the page", detail: String(error?.message || error) });
  }
  const fields = error.errors.map((e) => el("li", {}, el("code", {}, e.loc || "(body)"), `: ${e.msg || e.type || "invalid"}`));
  const trail = [error.status && `status ${error.status}`, error.requestId && `request id ${error.requestId}`].filter(Boolean);
  box.replaceChildren(
    el("strong", { class: "problem-title" }, error.title),
    el("p", { class: "problem-detail" }, error.detail),
  );
  if (fields.length) box.append(el("ul", { class: "problem-errors" }, fields));
  if (trail.length) box.append(el("p", { class: "problem-trail" }, trail.join(" · ")));
  box.hidden = false;
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: "nearest" });
}

function clearProblem() {
  $("problem").hidden = true;
  $("problem").replaceChildren();
}

function askKey(reason) {
  const dialog = $("key-dialog");
  $("key-reason").textContent = reason;
  $("key-input").value = "";
  return new Promise((resolve) => {
    const finish = (value) => {
      $("key-form").removeEventListener("submit", onSubmit);
      $("key-cancel").removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      finish($("key-input").value.trim() || null);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    $("key-form").addEventListener("submit", onSubmit);
    $("key-cancel").addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    $("key-input").focus();
  });
}

function updateKeyState() {
  $("key-state").hidden = !storedKey();
}

// ---- wiring ------------------------------------------------------------------------------------

async function configure() {
  const config = await getJson("/desk/config.json");
  if (!config) return;
  const words = $("max-words");
  words.value = config.default_max_words;
  words.min = config.min_max_words;
  words.max = config.max_max_words;
  state.storiesAvailable = Boolean(config.stories);
  useFieldAliases(config.article_fields);
  $("stories-toggle").hidden = !state.storiesAvailable;
}

function wire() {
  $("files-input").addEventListener("change", async (event) => {
    await addFiles(event.target.files);
    event.target.value = ""; // the same file can be picked again after removing it
  });
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    addFiles(event.dataTransfer.files);
  });
  // A file dropped beside the zone must not replace the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());

  $("file-list").addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.remove !== undefined) state.files.splice(Number(button.dataset.remove), 1);
    if (button.dataset.dismiss !== undefined) state.skipped.splice(Number(button.dataset.dismiss), 1);
    renderFileList();
  });
  $("digest-button").addEventListener("click", digest);
  $("text-input").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) digest();
  });
  $("cancel-button").addEventListener("click", () => state.controller?.abort());
  $("clear-button").addEventListener("click", () => {
    state.files = [];
    state.skipped = [];
    $("text-input").value = "";
    renderFileList();
    clearProblem();
  });
  $("open-input").addEventListener("change", async (event) => {
    const [file] = event.target.files;
    if (file) await openSaved(file);
    event.target.value = "";
  });
  $("export-json").addEventListener("click", exportJson);
  $("export-md").addEventListener("click", exportMarkdown);
  $("reader-close").addEventListener("click", () => closeReader());
  $("reader").addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeReader();
  });
  $("forget-key").addEventListener("click", () => {
    forgetKey();
    updateKeyState();
  });
  updateKeyState();
  configure();
}

wire();
