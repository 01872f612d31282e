// Digests -> the page (points with their markers, disagreements side by side, sources) and -> Markdown.
//
// A "story" is {id, title, articles: [ids], digest} as POST /v1/stories answers; a lone digest is one
// story. `library` maps article id -> {id, text, title, source, url}. Text always goes in as text nodes.

/** Builds an element: el("li", {class: "x", dataset: {a: 1}}, child, "text", ...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Source numbers of a digest, in its article order, as in the command line's output. */
export function sourceNumbers(digest) {
  return new Map(digest.articles.map((article, index) => [article.id, index + 1]));
}

/** What an editor calls the article: its outlet or title, else its id. */
export function outletOf(articleId, library, digest) {
  const known = library.get(articleId);
  const report = digest?.articles.find((a) => a.id === articleId);
  return known?.source || known?.title || report?.title || articleId;
}

export function titleOf(articleId, library, digest) {
  const known = library.get(articleId);
  const report = digest?.articles.find((a) => a.id === articleId);
  return known?.title || report?.title || articleId;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The stories as page sections; `open(span, trigger)` is called when a marker, claim or source is chosen. */
export function renderStories(stories, library, open) {
  const several = stories.length > 1;
  return stories.map((story, index) => renderStory(story, index, several ? stories.length : 0, library, open));
}

function renderStory(story, index, count, library, open) {
  const { digest } = story;
  const numbers = sourceNumbers(digest);
  const key = `s${index + 1}`;
  const section = el("article", { class: "story", id: `story-${key}`, "aria-labelledby": `story-${key}-title` });
  const label = count
    ? `Story ${index + 1} of ${count}: ${story.title || titleOf(digest.articles[0]?.id, library, digest)}`
    : `Digest of ${plural(digest.articles.length, "article")}`;
  section.append(el("h3", { class: "story-title", id: `story-${key}-title` }, label));
  if (count && Number.isInteger(story.sources)) {
    const articles = story.articles?.length ?? digest.articles.length;
    section.append(
      el("p", { class: "story-meta" }, `${plural(articles, "article")} · ${plural(story.sources, "independent source")}`),
    );
  }

  const marker = (articleId, span, kind) => {
    const n = numbers.get(articleId);
    const outlet = outletOf(articleId, library, digest);
    // A syndicated copy is cited but not counted: shown apart, saying whose report it copies.
    const original = span.copy_of ? numbers.get(span.copy_of) : null;
    const copyNote = original ? `, a copy of source ${original}` : "";
    return el(
      "button",
      {
        type: "button",
        class: original ? "marker copy" : "marker",
        "data-testid": kind === "citation" ? "citation" : null,
        dataset: { articleId, start: span.start, end: span.end },
        title: original ? `${outlet} (copy of [${original}])` : outlet,
        "aria-label": `Source ${n}: ${outlet}${copyNote}`,
      },
      `[${n}]`,
    );
  };

  const points = el("ol", { class: "points" });
  for (const point of digest.points) {
    const seen = new Set();
    const citations = point.citations.filter((c) => !seen.has(c.article_id) && seen.add(c.article_id));
    citations.sort((a, b) => numbers.get(a.article_id) - numbers.get(b.article_id));
    const links = (point.disputed || []).map((i) => el("a", { href: `#conflict-${key}-${i + 1}` }, String(i + 1)));
    const disputed = links.length
      ? el("span", { class: "disputed" }, "figures disputed: see ", links.flatMap((a, i) => (i ? [", ", a] : [a])))
      : null;
    points.append(
      el(
        "li",
        { class: "point", "data-testid": "point" },
        el("span", { class: "point-text" }, point.text, " "),
        el("span", { class: "markers" }, citations.map((c) => marker(c.article_id, c, "citation"))),
        " ",
        el("span", { class: "support" }, supportLabel(point.support, citations.length)),
        disputed ? [" ", disputed] : null,
      ),
    );
  }
  section.append(points.childElementCount ? points : el("p", { class: "empty" }, "No digest lines: see the sources below."));

  if (digest.conflicts.length) {
    const list = el("ol", { class: "conflicts" });
    digest.conflicts.forEach((conflict, i) => {
      const claims = conflict.claims.map((claim) =>
        el(
          "li",
          {},
          el(
            "button",
            {
              type: "button",
              class: "claim",
              dataset: { articleId: claim.article_id, start: claim.start, end: claim.end },
              "aria-label": `${outletOf(claim.article_id, library, digest)} says ${claim.value}: open the sentence`,
            },
            el("span", { class: "claim-outlet" }, `[${numbers.get(claim.article_id)}] `, outletOf(claim.article_id, library, digest)),
            el("span", { class: "claim-value" }, claim.value),
            el("span", { class: "claim-text" }, claim.text),
          ),
        ),
      );
      list.append(
        el(
          "li",
          { class: "conflict", id: `conflict-${key}-${i + 1}`, "data-testid": "conflict", tabindex: "-1" },
          el("h5", {}, conflict.about),
          el("ul", { class: "claims" }, claims),
        ),
      );
    });
    section.append(el("section", { class: "disagreements" }, el("h4", {}, "Sources disagree"), list));
  }

  const sources = el("ol", { class: "sources" });
  for (const report of digest.articles) {
    const parts = [report.id, plural(report.sentences, "sentence")];
    if (report.language) parts.push(report.language);
    if (report.duplicates_removed) parts.push(`${plural(report.duplicates_removed, "repeat")} removed`);
    if (report.boilerplate_removed) parts.push(`${report.boilerplate_removed} boilerplate removed`);
    sources.append(
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: "source-button", dataset: { articleId: report.id } },
          `[${numbers.get(report.id)}] `,
          titleOf(report.id, library, digest),
        ),
        " ",
        el("span", { class: "source-meta" }, parts.join(" · ")),
        report.skipped_reason ? el("span", { class: "left-out" }, `left out of the digest: ${report.skipped_reason}`) : null,
      ),
    );
  }
  section.append(el("section", { class: "source-list" }, el("h4", {}, "Sources"), sources));

  section.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-article-id]");
    if (!button || !section.contains(button)) return;
    const { articleId, start, end } = button.dataset;
    const span = start === undefined ? null : { start: Number(start), end: Number(end) };
    const cited = span ? findCited(digest, articleId, span) : null;
    open({ articleId, span, expected: cited, title: titleOf(articleId, library, digest), number: numbers.get(articleId) }, button);
  });
  return section;
}

/** "3 sources", or "2 independent sources of 3" when some cited articles are copies of one report. */
function supportLabel(support, cited) {
  return support < cited ? `${plural(support, "independent source")} of ${cited}` : plural(support, "source");
}

function findCited(digest, articleId, span) {
  const spans = [...digest.points.flatMap((p) => p.citations), ...digest.conflicts.flatMap((c) => c.claims)];
  const hit = spans.find((s) => s.article_id === articleId && s.start === span.start && s.end === span.end);
  return hit ? hit.text : null;
}

/** The stories as Markdown, shaped like the command line's `--format md` (digest, or stories). */
export function toMarkdown(stories, library) {
  if (stories.length === 1) return digestMarkdown(stories[0].digest, library, null);
  const articles = stories.reduce((n, story) => n + (story.articles?.length ?? story.digest.articles.length), 0);
  const parts = [`# ${stories.length} stories from ${articles} articles\n`];
  stories.forEach((story, index) => {
    const count = story.articles?.length ?? story.digest.articles.length;
    const sources = Number.isInteger(story.sources) ? `, ${plural(story.sources, "source")}` : "";
    const title = story.title || titleOf(story.digest.articles[0]?.id, library, story.digest);
    parts.push(digestMarkdown(story.digest, library, `## Story ${index + 1}: ${title} (${plural(count, "article")}${sources})`));
  });
  return parts.join("\n");
}

function digestMarkdown(digest, library, heading) {
  const numbers = sourceNumbers(digest);
  const markers = (ids) => [...new Set(ids.map((id) => numbers.get(id)))].sort((a, b) => a - b).map((n) => `[${n}]`).join("");
  const pointMarkers = (point) => {
    const sources = markers(point.citations.filter((c) => !c.copy_of).map((c) => c.article_id));
    const copies = point.citations
      .filter((c) => c.copy_of)
      .map((c) => `[${numbers.get(c.article_id)}] of [${numbers.get(c.copy_of)}]`);
    return copies.length ? `${sources} (${copies.length > 1 ? "copies" : "copy"}: ${copies.join(", ")})` : sources;
  };
  const lines = [heading || `## Digest of ${plural(digest.articles.length, "article")}`, ""];
  digest.points.forEach((point, i) => {
    const disputed = point.disputed?.length
      ? ` (figures disputed: see ${point.disputed.map((d) => d + 1).join(", ")} below)`
      : "";
    lines.push(`${i + 1}. ${point.text} ${pointMarkers(point)}${disputed}`);
  });
  if (digest.conflicts.length) {
    lines.push("", "### Sources disagree", "");
    digest.conflicts.forEach((conflict, i) => {
      const byValue = new Map();
      for (const claim of conflict.claims) byValue.set(claim.value, [...(byValue.get(claim.value) || []), claim.article_id]);
      const sides = [...byValue].map(([value, ids]) => `${value} ${markers(ids)}`).join(" vs ");
      lines.push(`${i + 1}. **${conflict.about}**: ${sides}`);
    });
  }
  lines.push("", "### Sources", "");
  digest.articles.forEach((report, i) => {
    const title = titleOf(report.id, library, digest);
    const label = title === report.id ? report.id : `${title} (${report.id})`;
    lines.push(`${i + 1}. ${label}${report.skipped_reason ? ` (left out: ${report.skipped_reason})` : ""}`);
  });
  return `${lines.join("\n")}\n`;
}
