// The offline page: lists the products this phone has viewed (kept by site.js in localStorage),
// each with its seller's WhatsApp link, so a shopper can still reach the maker.
(function () {
    "use strict";
    var list = document.getElementById("recent-products");
    if (!list) { return; }
    var items = [];
    try { items = JSON.parse(window.localStorage.getItem("pasarlokal:recent") || "[]"); } catch (e) { items = []; }
    var empty = document.getElementById("recent-empty");
    if (!items.length) { return; }
    if (empty) { empty.hidden = true; }
    var whatsappLabel = list.getAttribute("data-whatsapp-label");
    items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "offline-product";
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.title;
        link.className = "offline-product__title";
        li.appendChild(link);
        var meta = document.createElement("span");
        meta.className = "offline-product__meta";
        meta.textContent = [item.price, item.seller].filter(Boolean).join(" · ");
        li.appendChild(meta);
        if (item.whatsapp && item.whatsapp.indexOf("https://wa.me/") === 0) {
            var chat = document.createElement("a");
            chat.href = item.whatsapp;
            chat.className = "btn btn--whatsapp";
            chat.rel = "noopener";
            chat.textContent = whatsappLabel + " " + item.seller;
            li.appendChild(chat);
        }
        list.appendChild(li);
    });
})();
