// The article view: one article's text with the cited span inside a <mark>, scrolled into view.
//
// The service's offsets count Unicode code points (Python's str); JavaScript strings count UTF-16
// units, so an article with characters beyond the BMP (emoji, some CJK) needs its offsets converted.

const ASTRAL = /[\uD800-\uDFFF]/;

/** UTF-16 index of code point `codePoint` in `text`. */
export function unitIndex(text, codePoint) {
  if (!ASTRAL.test(text)) return codePoint;
  let units = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === codePoint) break;
    units += char.length;
    seen += 1;
  }
  return units;
}

/** text[start:end] in Python's terms. */
export function sliceCodePoints(text, start, end) {
  return text.slice(unitIndex(text, start), unitIndex(text, end));
}

/**
 * Fills the view with `article` and marks `span` ({start, end} in code points, or null for none).
 * Returns the marked text, or null when nothing is marked.
 */
export function showArticle(view, article, span) {
  const { title, meta, body } = view;
  title.textContent = article.heading;
  meta.replaceChildren(...article.meta);
  body.replaceChildren();
  body.scrollTop = 0;
  if (!span) {
    body.append(article.text);
    return null;
  }
  const start = unitIndex(article.text, span.start);
  const end = unitIndex(article.text, span.end);
  const mark = document.createElement("mark");
  mark.textContent = article.text.slice(start, end);
  body.append(article.text.slice(0, start), mark, article.text.slice(end));
  // Put the sentence a third of the way down the view, leaving context above it.
  body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
  return mark.textContent;
}
