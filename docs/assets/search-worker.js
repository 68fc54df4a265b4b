// Search worker made for Japanese, for the search interface of Material for MkDocs and of Zensical.
//
// Their own workers split text into tokens; Japanese has no spaces, so whole clauses become single
// tokens and compound words (推論モデル, サーバー容量, 5,000億ドル) are missed. This worker matches the
// query as a substring of normalized text: NFKC (full-width ＡＩ = AI, half-width ｶﾅ = カナ), lower case.
// Several words separated by spaces must all occur; pages missing some still show, ranked lower.
//
// Both interfaces send SETUP, then QUERY; the worker answers READY, then RESULT for each query.
// - Material: SETUP carries {config, docs}, QUERY the query string; RESULT is {items: a list of pages,
//   each a list of its sections with marked title and text, suggest}; missing words are struck through.
// - Zensical (0.0.73, pinned): SETUP carries its search.json {config, items}, QUERY an object {input (the
//   typed text, HTML-escaped), page}; RESULT is {items: [{id, matches}], pagination, aggregations}, where
//   id is the item's index and matches give highlights as offsets into the item's HTML. The best section
//   of each page comes first, in the order Material shows the pages, then the other sections.
//
// With Material, the documents load on the first query that has a word in it: the build leaves only the
// configuration in search/search_index.json (which Material fetches on every page) and moves the documents
// to search/search_docs.json (hooks/lazy_search.py). An index that still holds its documents is used as it is.
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SNIPPET_BEFORE = 40
const SNIPPET_LENGTH = 240
const PAGE_SIZE = 10

let docs = []          // { id, location, page, title, text, boost }; title and text as made by field()
let vocabulary = []    // words offered as completions for the last query word
let zensical = false   // which interface is asking

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", nbsp: "\u00a0" }
const ENTITY = /&(amp|lt|gt|quot|#39|nbsp);/y

// The text of some HTML (tags out, entities read, white space folded), with where each character
// of it starts and ends in the HTML (Zensical's highlights are offsets into the HTML).
function plain(html) {
  let text = "", space = false
  const at = [], ends = []
  for (let i = 0; i < html.length;) {
    let char = html[i], next = i + 1
    if (char === "<") {
      next = html.indexOf(">", i) + 1 || html.length
      char = " "
    } else if (char === "&") {
      ENTITY.lastIndex = i
      const found = ENTITY.exec(html)
      if (found) [char, next] = [ENTITIES[found[1]], i + found[0].length]
    }
    if (/\s/.test(char)) {
      space = text.length > 0
    } else {
      if (space) text += " ", at.push(i), ends.push(i)
      space = false
      text += char, at.push(i), ends.push(next)
    }
    i = next
  }
  return { text, at, ends }
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c])
}

// Normalize character by character, remembering where each normalized character came from,
// so matches found in the normalized text can be highlighted in the original.
function normalize(text) {
  let out = ""
  const map = []
  const chars = [...text]
  let index = 0
  for (let i = 0; i < chars.length; i++) {
    let char = chars[i]
    // A half-width kana and its half-width (semi-)voiced mark compose into one kana: ﾊﾞ -> バ.
    if (chars[i + 1] === "\uff9e" || chars[i + 1] === "\uff9f") char += chars[++i]
    const norm = char.normalize("NFKC").toLowerCase()
    for (let k = 0; k < norm.length; k++) map.push(index)
    out += norm
    index += char.length
  }
  map.push(index)
  return { norm: out, map }
}

// A title or text: its plain text, normalized with its map, and (for Zensical) its offsets in the HTML.
function field(html) {
  const { text, at, ends } = plain(html || "")
  return { text, ...normalize(text), ...(zensical ? { at, ends } : {}) }
}

function occurrences(haystack, needle, limit = 50) {
  const found = []
  let at = haystack.indexOf(needle)
  while (at !== -1 && found.length < limit) {
    found.push(at)
    at = haystack.indexOf(needle, at + needle.length)
  }
  return found
}

function mark(original, map, spans) {
  // spans: [start, end) in normalized offsets, sorted, non-overlapping
  let out = ""
  let cursor = 0
  for (const [start, end] of spans) {
    const a = map[start], b = map[end]
    if (a < cursor) continue
    out += escapeHTML(original.slice(cursor, a)) + "<mark>" + escapeHTML(original.slice(a, b)) + "</mark>"
    cursor = b
  }
  return out + escapeHTML(original.slice(cursor))
}

function spansOf(norm, terms) {
  const spans = []
  for (const term of terms)
    for (const at of occurrences(norm, term)) spans.push([at, at + term.length])
  spans.sort((x, y) => x[0] - y[0] || y[1] - x[1])
  const merged = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last && span[0] < last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push(span)
  }
  return merged
}

function snippet(doc, terms) {
  // Show the part of the text around the first match, so the match is visible in the result.
  const { text } = doc.text
  const spans = spansOf(doc.text.norm, terms)
  const first = spans.length ? doc.text.map[spans[0][0]] : 0
  const start = Math.max(0, first - SNIPPET_BEFORE)
  const end = Math.min(text.length, start + SNIPPET_LENGTH)
  const window = normalize(text.slice(start, end))
  const body = mark(text.slice(start, end), window.map, spansOf(window.norm, terms))
  return (start > 0 ? "…" : "") + body + (end < text.length ? "…" : "")
}

function setup(index) {
  zensical = Array.isArray(index.items)
  const words = new Set()
  docs = (zensical ? index.items : index.docs).map((doc, id) => {
    const title = field(doc.title)
    for (const word of title.text.split(/[\s、。・「」『』（）()：:／/，,]+/)) if (word.length > 1) words.add(word)
    const top = !doc.location.includes("#") || doc.level === 1  // a page, or the section of its h1 (Zensical)
    return { id, location: doc.location, page: doc.location.split("#")[0], top, title, text: field(doc.text), boost: doc.boost || 1 }
  })
  vocabulary = [...words].sort((a, b) => a.length - b.length)
}

// The matching sections, grouped under their page: best page first, each page's best section first.
function search(query) {
  const words = query.replace(/[*+~^"]/g, " ").split(/[\s\u3000]+/).filter(Boolean)
  const terms = [...new Set(words.map(word => normalize(word).norm))].filter(Boolean)
  const scored = []
  for (const doc of terms.length ? docs : []) {
    const found = {}
    let score = 0, hits = 0
    terms.forEach((term, i) => {
      const inTitle = occurrences(doc.title.norm, term).length
      const inText = occurrences(doc.text.norm, term).length
      found[words[i] ?? term] = inTitle + inText > 0
      if (inTitle + inText > 0) hits++
      score += inTitle * 10 + Math.min(inText, 10)
    })
    if (!hits) continue
    const all = hits === terms.length
    if (terms.length > 1 && doc.text.norm.includes(terms.join(" "))) score += 5
    if (doc.top) score += 1
    scored.push({ doc, found, score: (score * doc.boost) * (all ? 1 : 0.1) })
  }
  const groups = new Map()
  for (const item of scored.sort((a, b) => b.score - a.score)) {
    const list = groups.get(item.doc.page) || []
    list.push(item)
    groups.set(item.doc.page, list)
  }
  return { words, terms, groups: [...groups.values()] }
}

function materialResult(query) {
  const { words, terms, groups } = search(query)
  const items = groups.map(list => {
    const page = list[0].doc.page
    if (!list.some(item => item.doc.location === page)) {
      // Material's interface shows a page's sections under the page: each group must include it.
      const parent = docs.find(doc => doc.location === page)
      if (parent) list.push({ doc: parent, found: {}, score: 0 })
    }
    return list.map(({ doc, found, score }) => ({
      location: doc.location,
      title: mark(doc.title.text, doc.title.map, spansOf(doc.title.norm, terms)),
      text: snippet(doc, terms),
      score,
      terms: found
    }))
  })
  const last = normalize(words[words.length - 1] || "").norm
  const completion = last && vocabulary.find(word => word.length > last.length && normalize(word).norm.startsWith(last))
  return { items, suggest: completion ? [words[words.length - 1] + completion.slice(last.length)] : [] }
}

function highlight(value, terms) {
  const ranges = spansOf(value.norm, terms).map(([from, to]) => {
    const start = value.at[value.map[from]], end = value.ends[value.map[to] - 1]
    return { start, end, value: end - start }
  })
  return { highlight: { ranges } }
}

function zensicalResult(query) {
  const input = typeof query.input === "string" ? query.input.replace(/&(amp|lt|gt);/g, (_, name) => ENTITIES[name]) : ""
  const { terms, groups } = search(input)
  const found = [...groups.map(list => list[0]), ...groups.flatMap(list => list.slice(1)).sort((a, b) => b.score - a.score)]
  const { size = PAGE_SIZE, from = 0 } = query.page || {}
  const page = from => (from >= 0 && from < found.length ? { id: 0, size, from } : undefined)
  return {
    items: found.slice(from, from + size).map(({ doc }) => ({
      id: doc.id,
      matches: [{ field: "title", value: highlight(doc.title, terms) }, { field: "text", value: highlight(doc.text, terms) }]
    })),
    pagination: { total: found.length, prev: page(from - size), next: page(from + size) },
    aggregations: []
  }
}

const DOCS = new URL("../search/search_docs.json", self.location)
let loaded = false     // the documents are in `docs`
let loading = null     // the fetch of the documents, once started
let latest = null      // the last query asked while they load: only its answer is still wanted

function answer(query) {
  let data
  try {
    data = zensical ? zensicalResult(query) : materialResult(query)
  } catch (err) {
    console.warn("search failed", err)
    data = zensical ? { items: [], pagination: { total: 0 }, aggregations: [] } : { items: [] }
  }
  postMessage({ type: RESULT, data })
}

function load() {
  loading = fetch(DOCS)
    .then(response => {
      if (!response.ok) throw new Error(`${DOCS}: ${response.status}`)
      return response.json()
    })
    .then(
      index => {
        setup(index)
        loaded = true
      },
      err => {
        console.warn("search index not loaded", err)
        loading = null  // the next query tries again
      }
    )
    .then(() => answer(latest))
}

addEventListener("message", event => {
  const message = event.data
  if (message.type === SETUP) {
    if (Array.isArray(message.data.items) || message.data.docs.length) {
      setup(message.data)
      loaded = true
    }
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    if (loaded || !String(message.data).trim()) {
      answer(message.data)
    } else {
      latest = message.data
      if (!loading) load()
    }
  }
})
