// Search worker for Material for MkDocs' search interface, made for Japanese.
//
// Material's own worker splits text into lunr tokens; Japanese has no spaces, so whole clauses
// become single tokens and compound words (推論モデル, サーバー容量, 5,000億ドル) are not found.
// This worker speaks the same messages (SETUP -> READY, QUERY -> RESULT) but matches the query
// as a substring of normalized text: NFKC (full-width ＡＩ = AI, half-width ｶﾅ = カナ), lower case.
// Several words separated by spaces must all occur; pages missing some still show, ranked lower,
// with the missing words struck through by Material's interface.
//
// The documents load on the first query that has a word in it: the build leaves only the configuration
// in search/search_index.json (which Material fetches on every page) and moves the documents to
// search/search_docs.json (hooks/lazy_search.py). An index that still holds its documents is used as it is.
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const SNIPPET_BEFORE = 40
const SNIPPET_LENGTH = 240

let docs = []          // { location, title, text, page, plainTitle, plainText, normTitle, normText, titleMap, textMap }
let vocabulary = []    // words offered as completions for the last query word

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", nbsp: "\u00a0" }

function plain(html) {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name) => ENTITIES[name])
    .replace(/\s+/g, " ")
    .trim()
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

function normalizeQuery(text) {
  return normalize(text).norm
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
  const spans = spansOf(doc.normText, terms)
  const first = spans.length ? doc.textMap[spans[0][0]] : 0
  const start = Math.max(0, first - SNIPPET_BEFORE)
  const end = Math.min(doc.plainText.length, start + SNIPPET_LENGTH)
  const window = normalize(doc.plainText.slice(start, end))
  const body = mark(doc.plainText.slice(start, end), window.map, spansOf(window.norm, terms))
  return (start > 0 ? "…" : "") + body + (end < doc.plainText.length ? "…" : "")
}

function setup(index) {
  const words = new Set()
  docs = index.docs.map(doc => {
    const plainTitle = plain(doc.title || "")
    const plainText = plain(doc.text || "")
    const t = normalize(plainTitle)
    const x = normalize(plainText)
    for (const word of plainTitle.split(/[\s、。・「」『』（）()：:／/，,]+/)) if (word.length > 1) words.add(word)
    return {
      location: doc.location,
      page: doc.location.split("#")[0],
      title: doc.title,
      plainTitle, plainText,
      normTitle: t.norm, titleMap: t.map,
      normText: x.norm, textMap: x.map,
      boost: doc.boost || 1
    }
  })
  vocabulary = [...words].sort((a, b) => a.length - b.length)
}

function search(query) {
  const words = query.replace(/[*+~^"]/g, " ").split(/[\s\u3000]+/).filter(Boolean)
  const terms = [...new Set(words.map(normalizeQuery))].filter(Boolean)
  if (!terms.length) return { items: [] }

  const scored = []
  for (const doc of docs) {
    const found = {}
    let score = 0, hits = 0
    terms.forEach((term, i) => {
      const inTitle = occurrences(doc.normTitle, term).length
      const inText = occurrences(doc.normText, term).length
      found[words[i] ?? term] = inTitle + inText > 0
      if (inTitle + inText > 0) hits++
      score += inTitle * 10 + Math.min(inText, 10)
    })
    if (!hits) continue
    const all = hits === terms.length
    if (terms.length > 1 && doc.normText.includes(terms.join(" "))) score += 5
    if (!doc.location.includes("#")) score += 1
    scored.push({ doc, found, score: (score * doc.boost) * (all ? 1 : 0.1) })
  }

  // Group sections under their page, best page first; each group must include its page.
  const groups = new Map()
  for (const item of scored.sort((a, b) => b.score - a.score)) {
    const list = groups.get(item.doc.page) || []
    list.push(item)
    groups.set(item.doc.page, list)
  }
  const items = []
  for (const [page, list] of groups) {
    if (!list.some(item => item.doc.location === page)) {
      const parent = docs.find(doc => doc.location === page)
      if (parent) list.push({ doc: parent, found: {}, score: 0 })
    }
    items.push(list.map(({ doc, found, score }) => ({
      location: doc.location,
      title: mark(doc.plainTitle, doc.titleMap, spansOf(doc.normTitle, terms)),
      text: snippet(doc, terms),
      score,
      terms: found
    })))
  }

  const last = normalizeQuery(words[words.length - 1] || "")
  const completion = vocabulary.find(word => word.length > last.length && normalizeQuery(word).startsWith(last))
  return { items, suggest: completion ? [words[words.length - 1] + completion.slice(last.length)] : [] }
}

const DOCS = new URL("../search/search_docs.json", self.location)
let loaded = false     // the documents are in `docs`
let loading = null     // the fetch of the documents, once started
let latest = null      // the last query asked while they load: only its answer is still wanted

function answer(query) {
  let data
  try {
    data = search(query)
  } catch (err) {
    console.warn("search failed", err)
    data = { items: [] }
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
    if (message.data.docs.length) {
      setup(message.data)
      loaded = true
    }
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    if (loaded || !message.data.trim()) {
      answer(message.data)
    } else {
      latest = message.data
      if (!loading) load()
    }
  }
})
