// OpenECS panel: what every page shares. Everything works without this file; it adds dialogs over the page, the
// phone menu and the helpers the live pages use.
"use strict";

window.Panel = (() => {
    const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

    /** GETs a page handler's JSON. Resolves to null (and stops the caller's polling) when the session ended. */
    async function getJson(url) {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.status === 401) {
            notice("Your session has ended: sign in again.", true);
            return null;
        }
        const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
        if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
        return body;
    }

    /** Calls fn every ms while the tab is visible; stops when fn returns false. */
    function poll(fn, ms) {
        let stopped = false;
        const tick = async () => {
            if (stopped) return;
            if (document.visibilityState === "visible") {
                try {
                    if (await fn() === false) { stopped = true; return; }
                } catch (e) {
                    notice(e.message, true);
                }
            }
            setTimeout(tick, ms);
        };
        setTimeout(tick, ms);
        return () => { stopped = true; };
    }

    /** Shows a message in the page's notice area (one at a time). */
    function notice(text, isError) {
        let box = document.querySelector("[data-live-notice]");
        if (!box) {
            box = document.createElement("p");
            box.dataset.liveNotice = "";
            document.querySelector("main h1")?.after(box);
        }
        box.className = "notice " + (isError ? "error" : "ok");
        box.setAttribute("role", isError ? "alert" : "status");
        box.textContent = text;
        box.hidden = !text;
    }

    function badge(el, word) {
        if (!el) return;
        const w = word ?? "–";
        if (el.textContent === w) return;
        el.textContent = w;
        const kind = { Booted: "good", RUNNING: "good", Booting: "busy", Customizing: "busy", Deleting: "bad", Deleted: "bad", SHUTOFF: "off" }[w] ?? "";
        el.className = ("badge " + kind).trim();
    }

    /** A confirmation (or a one-field form) over the page; its form posts where the link or form pointed. */
    function dialog({ message, action, field, value, danger }) {
        const d = document.createElement("dialog");
        d.setAttribute("aria-labelledby", "dialog-title");
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        const title = document.createElement(field ? "label" : "p");
        title.id = "dialog-title";
        title.textContent = message;
        form.append(title);
        if (field) {
            title.htmlFor = "dialog-field";
            const input = document.createElement("input");
            input.id = "dialog-field";
            input.name = field;
            input.value = value ?? "";
            input.maxLength = 255;
            form.append(input);
        }
        const token = document.createElement("input");
        token.type = "hidden";
        token.name = "__RequestVerificationToken";
        token.value = csrf();
        const buttons = document.createElement("div");
        buttons.className = "buttons";
        const cancel = document.createElement("button");
        cancel.type = "button";
        cancel.textContent = "Cancel";
        cancel.addEventListener("click", () => d.close());
        const ok = document.createElement("button");
        ok.type = "submit";
        ok.className = danger ? "danger" : "primary";
        ok.textContent = field ? "Save" : "Confirm";
        buttons.append(cancel, ok);
        form.append(token, buttons);
        d.append(form);
        d.addEventListener("close", () => d.remove());
        document.body.append(d);
        d.showModal();
        (field ? form.querySelector("input:not([type=hidden])") : ok).focus();
    }

    document.addEventListener("click", e => {
        const link = e.target.closest("a[data-dialog]");
        if (link) {
            e.preventDefault();
            link.closest("details")?.removeAttribute("open");
            dialog({
                message: link.dataset.message, action: link.getAttribute("href"),
                field: link.dataset.dialog === "prompt" ? "notes" : null, value: link.dataset.value,
                danger: link.classList.contains("danger"),
            });
            return;
        }
        const toggle = e.target.closest("[data-nav-toggle]");
        if (toggle) {
            const nav = document.getElementById(toggle.getAttribute("aria-controls"));
            const open = nav.classList.toggle("open");
            toggle.setAttribute("aria-expanded", String(open));
        }
        // A click elsewhere closes an open row menu.
        document.querySelectorAll("details.menu[open]").forEach(m => { if (!m.contains(e.target)) m.removeAttribute("open"); });
    });

    // Forms (or a form's buttons) that destroy something ask first (their no-script path is a required checkbox or a
    // plain post). The button that was pressed is pressed again after the confirmation: it may post elsewhere.
    document.addEventListener("submit", e => {
        const form = e.target;
        const submitter = e.submitter;
        const question = submitter?.dataset.confirm || form.dataset.confirm;
        if (!question || form.dataset.confirmed) return;
        e.preventDefault();
        const d = document.createElement("dialog");
        d.innerHTML = '<p id="dialog-title"></p><div class="buttons"><button type="button" data-no>Cancel</button><button type="button" class="danger" data-yes>Confirm</button></div>';
        d.setAttribute("aria-labelledby", "dialog-title");
        d.querySelector("p").textContent = question;
        d.querySelector("[data-no]").addEventListener("click", () => d.close());
        d.querySelector("[data-yes]").addEventListener("click", () => {
            form.dataset.confirmed = "yes";
            d.close();
            form.requestSubmit(submitter ?? undefined);
        });
        d.addEventListener("close", () => d.remove());
        document.body.append(d);
        d.showModal();
        d.querySelector("[data-yes]").focus();
    });

    document.addEventListener("keydown", e => {
        if (e.key === "Escape") document.querySelectorAll("details.menu[open]").forEach(m => { m.removeAttribute("open"); m.querySelector("summary").focus(); });
    });

    return { getJson, poll, notice, badge, csrf };
})();
