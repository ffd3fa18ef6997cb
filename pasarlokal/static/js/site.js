// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Auto-submit facet forms that opt in, so phone users need one tap less.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
        form.querySelectorAll("[data-autosubmit-hide]").forEach(function (el) { el.hidden = true; });
    });
})();
