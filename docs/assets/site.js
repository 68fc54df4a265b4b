// Term links show their short definition as a tooltip (below) on hover and on keyboard focus. On a
// touch screen the first tap shows the definition and the second tap follows the link, so the
// definition is reachable without hovering.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.xref");
  if (!link || !window.matchMedia("(hover: none)").matches) return;
  if (link.dataset.tapped === "1") return;
  event.preventDefault();
  document.querySelectorAll('a.xref[data-tapped="1"]').forEach(function (other) { other.dataset.tapped = ""; });
  link.dataset.tapped = "1";
  link.focus();
});

// Material's search box reads its value on keyup (results) and keydown (suggestions). Japanese input
// methods, pasting and dictation change the value without those, so pass every input event on.
document.addEventListener("input", function (event) {
  var field = event.target;
  if (field && field.classList && field.classList.contains("md-search__input") && !event.isComposing) {
    field.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true }));
    field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});

// Tooltips: an element of the page content with a title (the links to terms, companies, people and
// events, the headings' permalinks, the edit button) shows its title on hover and on keyboard focus, in
// the look of Material's tooltips (the same .md-tooltip2 markup and style sheet). Material's own
// content.tooltips sets up listeners and subscriptions for every such element when the page loads,
// which on a phone costs about as much as the rest of the theme's script on a page of many links; here
// two listeners serve the whole page, and a tooltip is made only when it is shown.
(function () {
  var CONTENT = "[data-md-component=content]";
  var hovered = null, focused = null, shown = null, tip = null, title = "", sequence = 0;

  function host(node) {
    var el = node && node.closest ? node.closest("[title], [data-md-title]") : null;
    return el && el.closest(CONTENT) ? el : null;
  }

  function hide() {
    if (!shown) return;
    var el = shown, node = tip;
    shown = tip = null;
    el.removeAttribute("aria-describedby");
    el.setAttribute("title", title);
    el.removeAttribute("data-md-title");
    node.classList.remove("md-tooltip2--active");
    setTimeout(function () { node.remove(); }, 250);  // after the fade, as Material does
  }

  function show(el) {
    if (el === shown) return;
    hide();
    title = el.getAttribute("title") || "";
    if (!title) return;
    // The title leaves while its tooltip shows, so that the browser does not show it a second time.
    el.removeAttribute("title");
    el.setAttribute("data-md-title", "");
    tip = document.createElement("div");
    tip.className = "md-tooltip2 md-tooltip2--bottom";
    tip.setAttribute("role", "tooltip");
    tip.id = "__tooltip2_" + sequence++;
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    inner.textContent = title;
    tip.appendChild(inner);
    document.body.appendChild(tip);
    var box = el.getBoundingClientRect();
    tip.style.setProperty("--md-tooltip-host-x", box.left + window.scrollX + "px");
    tip.style.setProperty("--md-tooltip-host-y", box.top + window.scrollY + "px");
    tip.style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    tip.style.setProperty("--md-tooltip-y", 8 + box.height + "px");
    tip.style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
    tip.style.setProperty("--md-tooltip-tail", "0px");
    el.setAttribute("aria-describedby", tip.id);
    shown = el;
    var node = tip;
    requestAnimationFrame(function () { if (tip === node) node.classList.add("md-tooltip2--active"); });
  }

  function update() {
    var el = hovered || focused;
    if (el) show(el); else hide();
  }

  document.addEventListener("mouseover", function (event) { hovered = host(event.target); update(); });
  document.addEventListener("mouseout", function (event) {
    if (!event.relatedTarget) { hovered = null; update(); }  // the pointer left the window
  });
  document.addEventListener("focusin", function (event) { focused = host(event.target); update(); });
  document.addEventListener("focusout", function () { focused = null; update(); });
})();

// Print editions of an article page (the menu is written by hooks/teaching.py; the layouts are the
// "Print editions" rules of site.css): 生徒用 (?print=student), 生徒用（背景つき） (?print=student-full) and
// 教員用 (?print=teacher). A link with ?print= opens the page ready to print in that edition, so a teacher
// can share it; a choice from the menu prints at once and puts the edition in the address. Without this
// script the page prints as 生徒用（背景つき）, with no answers.
(function () {
  var EDITIONS = ["student", "student-full", "teacher"];

  function printEdition(search) {
    var asked = new URLSearchParams(search).get("print");
    return EDITIONS.indexOf(asked) >= 0 ? asked : null;
  }

  function choosePrintEdition(edition) {
    document.documentElement.setAttribute("data-print", edition);
    document.querySelectorAll(".print-editions a[data-edition]").forEach(function (link) {
      if (link.getAttribute("data-edition") === edition) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  var menu = document.querySelector(".print-editions");
  if (!menu) return;
  var asked = printEdition(window.location.search);
  if (asked) {
    choosePrintEdition(asked);
    // After the page has loaded: printing earlier would print it without its images and styles.
    if (document.readyState === "complete") window.print();
    else window.addEventListener("load", function () { window.print(); }, { once: true });
  }
  menu.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-edition]");
    if (!link) return;
    event.preventDefault();
    choosePrintEdition(link.getAttribute("data-edition"));
    window.history.replaceState(null, "", link.getAttribute("href") + window.location.hash);
    window.print();
  });
})();
// Share buttons (hooks/theme/partials/page-share.html): the LINE and X links are plain links; here the copy
// button copies the page's address, and where the browser has the Web Share API a second button opens the
// system's share sheet. Both stay hidden without this script, and nothing is requested before a tap.
(function () {
  var copy = document.querySelector(".page-share__copy");
  var native = document.querySelector(".page-share__native");
  var status = document.querySelector(".page-share__status");
  function say(text) { if (status) status.textContent = text; }

  function copied(url) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(url);
    // Without the asynchronous clipboard (a page served over plain http): select a field and copy it.
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = url;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = document.execCommand && document.execCommand("copy");
      field.remove();
      if (done) resolve(); else reject(new Error("copy"));
    });
  }

  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var url = copy.getAttribute("data-share-url");
      copied(url).then(function () { say("リンクをコピーした：" + url); },
                       function () { say("コピーできなかった。アドレス：" + url); });
    });
  }
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: document.title, url: native.getAttribute("data-share-url") }).catch(function () {});
    });
  }
})();

// The 404 page's search button opens the site's search, as the magnifier in the header does.
document.addEventListener("click", function (event) {
  if (!event.target.closest || !event.target.closest("[data-open-search]")) return;
  var toggle = document.querySelector('label[for="__search"]');
  if (toggle) toggle.click();
});
