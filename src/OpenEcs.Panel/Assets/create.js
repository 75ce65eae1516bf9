// The create wizard: one step at a time, regions filtered by the plan, image kinds as tabs, a summary with the price.
// Without this file the same form is one long page and posts as it is.
"use strict";
(() => {
    const form = document.querySelector("[data-wizard]");
    if (!form) return;
    const steps = [...form.querySelectorAll("fieldset[data-step]")];
    const nav = form.querySelector("[data-steps]");
    const buttons = form.querySelector("[data-wizard-buttons]");
    const back = buttons.querySelector("[data-back]");
    const next = buttons.querySelector("[data-next]");
    let current = 0;

    // ---- Steps --------------------------------------------------------------------------------------------------
    steps.forEach((step, i) => {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = `${i + 1}. ${step.dataset.step}`;
        b.addEventListener("click", () => show(i));
        li.append(b);
        nav.append(li);
    });
    nav.hidden = false;
    buttons.hidden = false;

    function show(i) {
        current = Math.max(0, Math.min(steps.length - 1, i));
        steps.forEach((s, j) => { s.hidden = j !== current; });
        nav.querySelectorAll("button").forEach((b, j) => {
            if (j === current) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
        });
        back.disabled = current === 0;
        next.hidden = current === steps.length - 1;
        if (steps[current].dataset.step === "Summary") summarize();
        steps[current].querySelector("legend").scrollIntoView({ block: "nearest" });
    }
    back.addEventListener("click", () => { show(current - 1); focusStep(); });
    next.addEventListener("click", () => { show(current + 1); focusStep(); });
    function focusStep() {
        const first = steps[current].querySelector("input:checked:not(:disabled), input:not([type=hidden]):not(:disabled), select, textarea, button");
        first?.focus();
    }

    // ---- Regions follow the plan --------------------------------------------------------------------------------
    const checked = name => form.querySelector(`input[name="${name}"]:checked`);
    function filterRegions() {
        const plan = checked("Plan");
        const allowed = new Set((plan?.dataset.regions ?? "").split(" ").filter(Boolean));
        let keep = null;
        form.querySelectorAll('input[name="Location"]').forEach(r => {
            r.disabled = !allowed.has(r.value);
            if (!r.disabled && (r.checked || keep === null)) keep = keep?.checked ? keep : r;
        });
        const selected = checked("Location");
        if ((!selected || selected.disabled) && keep) keep.checked = true;
        form.querySelector("[data-region-note]").textContent = plan
            ? `${plan.value} is offered in ${allowed.size} region${allowed.size === 1 ? "" : "s"}; the others cannot be picked.`
            : "Choose a plan first.";
    }
    form.addEventListener("change", e => {
        if (e.target.name === "Plan") filterRegions();
        if (e.target.name === "Access" || e.target.name === "Plan") syncAccess();
    });
    filterRegions();

    // ---- Access: the field of the chosen way only -----------------------------------------------------------------
    function syncAccess() {
        const way = checked("Access")?.value;
        form.querySelector("#root-password").disabled = way !== "password";
        const key = form.querySelector("#ssh-key");
        if (key.options.length) key.disabled = way !== "sshkey";
    }
    syncAccess();

    // ---- Image tabs -----------------------------------------------------------------------------------------------
    const tablist = form.querySelector("[data-tabs]");
    const tabs = [...tablist.querySelectorAll("[role=tab]")];
    const panels = tabs.map(t => document.getElementById(t.getAttribute("aria-controls")));
    function selectTab(i, focus) {
        tabs.forEach((t, j) => {
            t.setAttribute("aria-selected", String(i === j));
            t.tabIndex = i === j ? 0 : -1;
            panels[j].hidden = i !== j;
        });
        if (focus) tabs[i].focus();
    }
    tabs.forEach((t, i) => {
        t.addEventListener("click", () => selectTab(i, false));
        t.addEventListener("keydown", e => {
            const move = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
            if (move) { e.preventDefault(); selectTab((i + move + tabs.length) % tabs.length, true); }
        });
    });
    tablist.hidden = false;
    const withChoice = panels.findIndex(p => p.querySelector("input:checked"));
    selectTab(withChoice < 0 ? 0 : withChoice, false);

    // ---- Summary ----------------------------------------------------------------------------------------------------
    const money = (v, digits) => "€" + Number(v).toFixed(digits);
    function summarize() {
        for (const name of ["Plan", "Location", "Image", "Access"]) {
            const dd = form.querySelector(`[data-summary-of="${name}"]`);
            const input = checked(name);
            let text = input?.dataset.summary ?? "not chosen";
            if (name === "Access" && input?.value === "sshkey") text += ": " + form.querySelector("#ssh-key").value;
            dd.textContent = text;
        }
        const plan = checked("Plan");
        form.querySelector("[data-price]").innerHTML = plan
            ? `<span class="price">${money(plan.dataset.hourly, 4)} per hour</span> · ${money(plan.dataset.monthly, 2)} per month`
            : "–";
    }

    form.addEventListener("submit", () => { form.querySelector("[data-create]").disabled = true; });
    show(0);
})();
