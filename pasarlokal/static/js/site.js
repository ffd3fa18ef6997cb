// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Auto-submit facet forms that opt in, so phone users need one tap less.
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
        form.addEventListener("change", function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
        form.querySelectorAll("[data-autosubmit-hide]").forEach(function (el) { el.hidden = true; });
    });
    // A page waiting for something (an order's payment notification) looks again by itself.
    var waiting = document.querySelector("[data-reload-after]");
    if (waiting) {
        setTimeout(function () { window.location.reload(); }, 1000 * parseInt(waiting.dataset.reloadAfter, 10));
    }
    // Checkout: the summary follows each seller's delivery choice at once (the server computes
    // the same total again when the form is sent).
    var grandTotal = document.querySelector("[data-grand-total]");
    if (grandTotal) {
        var rupiah = function (amount) { return "Rp" + String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, "."); };
        var shippingNow = function () {
            var sum = 0;
            document.querySelectorAll("[data-shipping-for]").forEach(function (el) { sum += parseInt(el.dataset.shipping, 10) || 0; });
            return sum;
        };
        var withoutShipping = parseInt(grandTotal.dataset.grandTotal, 10) - shippingNow();
        document.querySelectorAll("[data-shipping-fee]").forEach(function (group) {
            group.addEventListener("change", function (event) {
                var shown = document.querySelector('[data-shipping-for="' + group.dataset.seller + '"]');
                if (!shown || event.target.type !== "radio") { return; }
                var ship = event.target.value === "ship";
                var fee = ship ? parseInt(group.dataset.shippingFee, 10) || 0 : 0;
                shown.dataset.shipping = String(fee);
                shown.textContent = ship ? rupiah(fee) : shown.dataset.pickupLabel + " (" + rupiah(0) + ")";
                grandTotal.textContent = rupiah(withoutShipping + shippingNow());
            });
        });
    }
    // A confirmation the redirect landed on (the pledge's thank-you) takes the focus, so screen
    // readers read it. After "load": the browser's scroll to the #fragment moves the focus too.
    var confirmation = document.querySelector("[data-focus-on-load]");
    if (confirmation) {
        window.addEventListener("load", function () { confirmation.focus({ preventScroll: true }); });
    }
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

// Offline support: the service worker (served from /sw.js) and the list of recently viewed
// products that the offline page shows.
(function () {
    "use strict";
    var data = document.getElementById("recent-product");
    if (data) {
        try {
            var product = JSON.parse(data.textContent);
            var key = "pasarlokal:recent";
            var items = JSON.parse(window.localStorage.getItem(key) || "[]").filter(function (item) {
                return item.url !== product.url;
            });
            items.unshift(product);
            window.localStorage.setItem(key, JSON.stringify(items.slice(0, 12)));
        } catch (e) { /* private mode or a full storage: nothing to remember */ }
    }
    var worker = document.querySelector('meta[name="service-worker"]');
    if ("serviceWorker" in navigator && worker) {
        window.addEventListener("load", function () {
            navigator.serviceWorker.register(worker.getAttribute("content"), { scope: "/" });
        });
    }
})();
