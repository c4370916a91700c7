// The requester's pages work without this file; it only adds conveniences (ES5 for old in-app browsers).
(function () {
  "use strict";
  // Copy the tracking link: <button data-copy="input-id" hidden>.
  var buttons = document.querySelectorAll("[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) {
      return;
    }
    var done = function () {
      button.textContent = "已复制";
    };
    var fallback = function () {
      input.focus();
      input.select();
      input.setSelectionRange(0, input.value.length);
      try {
        if (document.execCommand("copy")) {
          done();
          return;
        }
      } catch (e) {
        // ignored: the link stays selected for a long press
      }
      button.textContent = "请长按链接复制";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });
  // Choosing a university reloads the org list at once.
  var autosubmit = document.querySelectorAll("select[data-autosubmit]");
  for (var j = 0; j < autosubmit.length; j++) {
    autosubmit[j].addEventListener("change", function (event) {
      event.target.form.submit();
    });
  }
  // Name and contact only for a named request.
  var named = document.getElementById("named-fields");
  var radios = document.querySelectorAll("input[name=identity]");
  var sync = function () {
    var anonymous = document.querySelector("input[name=identity][value=anonymous]:checked");
    if (named) {
      named.hidden = !!anonymous;
    }
  };
  for (var k = 0; k < radios.length; k++) {
    radios[k].addEventListener("change", sync);
  }
  sync();
  // One tap, one submission: disable the button once the form is on its way.
  var forms = document.querySelectorAll("form[data-once]");
  for (var m = 0; m < forms.length; m++) {
    forms[m].addEventListener("submit", function (event) {
      var submit = event.target.querySelector("button[type=submit]");
      if (submit) {
        submit.disabled = true;
        submit.textContent = "正在提交…";
      }
    });
  }
})();
