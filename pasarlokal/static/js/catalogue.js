// Progressive enhancement for the catalogue: filters start open on wide screens,
// and choosing a sort order applies it without pressing the button.
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
})();
