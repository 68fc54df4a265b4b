// The self-check quiz at the end of an article page (written by hooks/learning.py from the page's
// front matter). Choosing an option, by mouse, keyboard (arrow keys, space) or touch, shows at once
// whether it is right, with that option's line of feedback, in the question's live region
// (role="status"), which screen readers read out. Without this script the questions still show, and
// each question's answer and feedback are in its <details>.
(function () {
  var help = document.querySelector(".quiz-help");
  if (help) help.textContent = "各問の答えを1つ選ぶと、正誤と解説がその場で表示される。";

  document.addEventListener("change", function (event) {
    var input = event.target;
    var question = input && input.closest && input.closest(".quiz-question");
    if (!question || input.type !== "radio") return;
    var right = input.hasAttribute("data-correct");
    var line = question.querySelector('.quiz-feedback li[data-option="' + input.value + '"] .quiz-feedback-text');
    var status = question.querySelector(".quiz-status");
    var verdict = document.createElement("strong");
    verdict.textContent = right ? "正解" : "不正解";
    status.replaceChildren(verdict, "：" + (line ? line.textContent : ""));
    status.setAttribute("data-result", right ? "right" : "wrong");
    question.setAttribute("data-result", right ? "right" : "wrong");
    question.querySelectorAll(".quiz-options label").forEach(function (label) {
      label.classList.toggle("quiz-chosen", label.contains(input));
    });
  });
})();
