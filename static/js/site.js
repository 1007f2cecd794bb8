// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", function () {
  // Confirm before destructive buttons.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Auto-submit filter selects when JavaScript is on (the Apply button stays for keyboard users).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
});
