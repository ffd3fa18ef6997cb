// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Auto-submit facet forms that opt in, so phone users need one tap less.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
        form.querySelectorAll("[data-autosubmit-hide]").forEach(function (el) { el.hidden = true; });
    });
    // The header's cart count, from a display-only cookie (pages are shared, so not in the HTML).
    var match = document.cookie.match(/(?:^|; )pl_cart_count=(\d+)/);
    var count = match ? parseInt(match[1], 10) : 0;
    document.querySelectorAll("[data-cart-count]").forEach(function (el) {
        if (!count) { return; }
        var label = document.createElement("span");
        label.className = "visually-hidden";
        label.textContent = " " + (count === 1 ? el.dataset.labelOne : el.dataset.labelMany);
        el.textContent = String(count);
        el.appendChild(label);
        el.hidden = false;
    });
})();
