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

// The score: once a question is answered, a line under the quiz says 「n問中m問正解」 (n: the quiz's questions,
// m: those answered right, with how many are left), read out by its live region; 「もう一度解く」 clears every
// answer. The score stays in the page: nothing is stored or sent.
(function () {
  var quiz = document.querySelector(".quiz");
  var questions = quiz ? quiz.querySelectorAll(".quiz-question") : [];
  if (!questions.length) return;
  var box = document.createElement("div");
  box.className = "quiz-score";
  var line = document.createElement("p");
  line.className = "quiz-score__text";
  line.setAttribute("role", "status");
  line.setAttribute("aria-live", "polite");
  var again = document.createElement("button");
  again.type = "button";
  again.className = "quiz-restart";
  again.textContent = "もう一度解く";
  again.hidden = true;
  box.append(line, again);
  questions[questions.length - 1].after(box);

  function score() {
    var right = quiz.querySelectorAll('.quiz-question[data-result="right"]').length;
    var answered = quiz.querySelectorAll(".quiz-question[data-result]").length;
    var left = questions.length - answered;
    line.textContent = answered ? questions.length + "問中" + right + "問正解" + (left ? "（未回答" + left + "問）" : "") : "";
    again.hidden = !answered;
  }

  // After the answer is marked: the listener above is on the document too, and was added first.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.closest && event.target.closest(".quiz-question")) score();
  });
  again.addEventListener("click", function () {
    questions.forEach(function (question) {
      question.removeAttribute("data-result");
      question.querySelectorAll("input").forEach(function (input) { input.checked = false; });
      question.querySelectorAll("label.quiz-chosen").forEach(function (label) { label.classList.remove("quiz-chosen"); });
      var status = question.querySelector(".quiz-status");
      status.textContent = "";
      status.removeAttribute("data-result");
    });
    score();
    line.textContent = "答えを消した。1問目から解き直せる。";
    var first = questions[0].querySelector("input");
    if (first) first.focus();
  });
})();
