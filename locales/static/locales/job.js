// Follows a machine-translation job until it finishes (locales/templates/locales/job.html).
// A file, not an inline script: the translation screens' Content-Security-Policy forbids those.
(function () {
    const box = document.getElementById("job");
    const finished = box.dataset.finished === "true";
    if (finished) return;
    const render = (data) => {
        document.getElementById("job-status").textContent = data.status_text || data.status;
        // The server words the progress in the reviewer's language (locales/job_words.py).
        document.getElementById("job-progress").textContent = data.progress_text;
        const bar = document.getElementById("job-bar");
        bar.max = data.total; bar.value = data.done;
        document.getElementById("job-message").textContent = data.message;
        const list = document.getElementById("job-links");
        list.innerHTML = "";
        for (const link of data.review_links) {
            const li = document.createElement("li");
            const a = document.createElement("a");
            a.href = link.url; a.dataset.locale = link.code; a.textContent = link.label;
            li.appendChild(a); list.appendChild(li);
        }
    };
    const poll = () => fetch(box.dataset.statusUrl, {credentials: "same-origin"})
        .then((r) => r.json())
        .then((data) => { render(data); if (!data.finished) setTimeout(poll, 1000); })
        .catch(() => setTimeout(poll, 3000));
    setTimeout(poll, 500);
})();
