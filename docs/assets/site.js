// Term links show their short definition as a tooltip (Material's content.tooltips) on hover and on
// keyboard focus. On a touch screen the first tap shows the definition and the second tap follows
// the link, so the definition is reachable without hovering.
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
