// Progressive enhancement for the catalogue: filters start open on wide screens, choosing a
// sort order applies it without pressing the button, and picking a price range clears the
// typed-in bounds (which would otherwise win). Filters apply only with the form's button, so a
// shopper on a phone can pick several at once.
(function () {
    var wide = window.matchMedia("(min-width: 60em)");
    function sync() {
        document.querySelectorAll("details[data-open-wide]").forEach(function (el) {
            if (wide.matches) { el.setAttribute("open", ""); }
        });
    }
    sync();
    wide.addEventListener("change", sync);
    var select = document.getElementById("catalogue-sort");
    if (select && select.form) {
        select.addEventListener("change", function () { select.form.submit(); });
    }
    document.querySelectorAll(".facets input[name=harga]").forEach(function (radio) {
        radio.addEventListener("change", function () {
            radio.form.querySelectorAll("input[name=min_price], input[name=max_price]").forEach(function (input) {
                input.value = "";
            });
        });
    });
})();
