// A server's page: live status and action progress, metric charts (uPlot) and the serial console (xterm.js).
"use strict";
(() => {
    const root = document.querySelector("[data-server-page]");
    if (!root) return;

    // ---- Live status and progress -------------------------------------------------------------------------------
    const progress = root.querySelector("[data-progress]");
    const field = name => root.querySelector(`[data-field="${name}"]`);
    const reported = new Set();

    function showActions(actions) {
        const ids = new Set(actions.map(a => String(a.id)));
        progress.querySelectorAll("[data-action]").forEach(el => { if (!ids.has(el.dataset.action)) el.remove(); });
        for (const a of actions) {
            let el = progress.querySelector(`[data-action="${a.id}"]`);
            const label = `${a.type.replace(/_/g, " ")} (action ${a.id})`;
            if (!el) {
                el = document.createElement("div");
                el.className = "action-progress";
                el.dataset.action = a.id;
                el.innerHTML = '<span></span><progress max="100"></progress><span data-field="percent"></span>';
                el.querySelector("span").textContent = label;
                el.querySelector("progress").setAttribute("aria-label", `${a.type.replace(/_/g, " ")} progress`);
                progress.append(el);
            }
            el.querySelector("progress").value = a.progress;
            el.querySelector('[data-field="percent"]').textContent = `${a.progress} %`;
        }
    }

    Panel.poll(async () => {
        const live = await Panel.getJson(root.dataset.live);
        if (live === null) return false;
        if (live.gone) {
            Panel.notice(`${live.message} (the server was deleted)`, true);
            Panel.badge(field("status"), "Deleted");
            showActions([]);
            return false;
        }
        Panel.badge(field("status"), live.server.status);
        Panel.badge(field("power"), live.server.power);
        for (const [name, value] of [["ipv4", live.server.ipv4], ["ipv6", live.ipv6], ["notes", live.server.notes]]) {
            const el = field(name);
            if (el && el.textContent !== value) el.textContent = value;
        }
        showActions(live.actions);
        for (const f of live.recent) {
            if (reported.has(f.id)) continue;
            reported.add(f.id);
            Panel.notice(`${f.type.replace(/_/g, " ")} (action ${f.id}) failed${f.message ? ": " + f.message : ""}`, true);
        }
        return true;
    }, 1500);

    // ---- Metric charts ------------------------------------------------------------------------------------------
    const windowSelect = root.querySelector("[data-window]");
    const charts = {};
    const palette = ["#0b4f8a", "#b34700"];
    const series = {
        cpu: [{ label: "CPU %" }],
        disk: [{ label: "reads" }, { label: "writes" }],
        network: [{ label: "in" }, { label: "out" }],
    };

    function chartWidth(el) { return Math.max(240, el.clientWidth - 8); }

    async function drawCharts() {
        const data = await Panel.getJson(`${root.dataset.metrics}&window=${encodeURIComponent(windowSelect.value)}`);
        if (data === null) return false;
        let points = 0;
        for (const [key, defs] of Object.entries(series)) {
            const el = root.querySelector(`[data-chart="${key}"]`);
            const columns = data[key];
            points += columns[0].length;
            if (charts[key]) {
                charts[key].setData(columns);
                continue;
            }
            charts[key] = new uPlot({
                width: chartWidth(el), height: 170,
                scales: { x: { time: true } },
                axes: [{ stroke: "#505d6e" }, { stroke: "#505d6e", size: 50 }],
                legend: { show: true },
                series: [{}, ...defs.map((d, i) => ({ label: d.label, stroke: palette[i], width: 2, spanGaps: true }))],
            }, columns, el);
            el.dataset.points = String(columns[0].length);
        }
        for (const key of Object.keys(series)) root.querySelector(`[data-chart="${key}"]`).dataset.points = String(data[key][0].length);
        root.querySelector("[data-metrics-note]").textContent = points === 0
            ? "No samples in this window yet: they are taken every few minutes once the server has booted."
            : `Samples of the chosen window; refreshed every 30 seconds.`;
        return true;
    }

    windowSelect.addEventListener("change", () => drawCharts().catch(e => Panel.notice(e.message, true)));
    drawCharts().catch(e => Panel.notice(e.message, true));
    Panel.poll(drawCharts, 30000);
    window.addEventListener("resize", () => {
        for (const [key, chart] of Object.entries(charts)) {
            const el = root.querySelector(`[data-chart="${key}"]`);
            chart.setSize({ width: chartWidth(el), height: 170 });
        }
    });

    // ---- Console --------------------------------------------------------------------------------------------------
    const connect = root.querySelector("[data-console-connect]");
    const disconnect = root.querySelector("[data-console-disconnect]");
    const note = root.querySelector("[data-console-note]");
    const screen = root.querySelector("[data-terminal]");
    let socket = null;
    let term = null;

    connect.addEventListener("click", () => {
        if (socket) return;
        if (!term) {
            term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, rows: 20,
                theme: { background: "#101418" }, screenReaderMode: true });
            const fit = new FitAddon.FitAddon();
            term.loadAddon(fit);
            term.open(screen);
            fit.fit();
            window.addEventListener("resize", () => fit.fit());
            term.onData(text => { if (socket?.readyState === WebSocket.OPEN) socket.send(new TextEncoder().encode(text)); });
        }
        const url = new URL(root.dataset.console, location.href);
        url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
        note.textContent = "Connecting…";
        socket = new WebSocket(url);
        socket.binaryType = "arraybuffer";
        socket.addEventListener("open", () => {
            note.textContent = "Connected. Type into the terminal; Disconnect ends the session.";
            connect.hidden = true;
            disconnect.hidden = false;
            // xterm draws only while on screen: bring the terminal into view, where the user types anyway.
            screen.scrollIntoView({ block: "nearest" });
            term.focus();
        });
        socket.addEventListener("message", e => term.write(typeof e.data === "string" ? e.data : new Uint8Array(e.data)));
        socket.addEventListener("close", e => {
            note.textContent = e.reason ? `Console closed: ${e.reason}` : "Console closed.";
            connect.hidden = false;
            disconnect.hidden = true;
            socket = null;
        });
    });
    disconnect.addEventListener("click", () => socket?.close());
    if (location.hash === "#console") connect.focus();
})();
