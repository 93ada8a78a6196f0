// Reports → Translation status: select-all and live cells while jobs run. A file: the
// translation screens' Content-Security-Policy allows no inline script.
(function () {
    // Select-all for the guide checkboxes (the results area is replaced on filtering).
    document.addEventListener("change", (event) => {
        if (!event.target.matches("[data-select-all-guides]")) return;
        document.querySelectorAll("input[name=guides]").forEach((box) => { box.checked = event.target.checked; });
    });
    // While a job is queued or running, refresh the cells (and totals) from the results view.
    const poll = () => {
        const table = document.getElementById("status-table");
        if (!table || !table.querySelector('[data-state="job_running"]')) { setTimeout(poll, 2000); return; }
        fetch(table.dataset.resultsUrl + window.location.search, {credentials: "same-origin"})
            .then((r) => r.text())
            .then((html) => {
                const fresh = new DOMParser().parseFromString(html, "text/html");
                fresh.querySelectorAll("td.status-cell").forEach((cell) => {
                    const old = document.getElementById(cell.id);
                    if (old) old.replaceWith(cell);
                });
                const totals = fresh.getElementById("status-totals");
                const oldTotals = document.getElementById("status-totals");
                if (totals && oldTotals) oldTotals.replaceWith(totals);
            })
            .finally(() => setTimeout(poll, 2000));
    };
    setTimeout(poll, 2000);
})();
