// The server list stays live: status, power, address and notes are polled and changed in place (focus and open
// menus are left alone); when servers come or go the rows are fetched again as HTML.
"use strict";
(() => {
    const table = document.querySelector("table[data-live]");
    if (!table) return;
    const url = table.dataset.live;
    const body = table.tBodies[0];
    const rowsUrl = url.replace("handler=live", "handler=rows");

    Panel.poll(async () => {
        const live = await Panel.getJson(url);
        if (live === null) return false;
        const names = live.servers.map(s => s.name);
        const shown = [...body.rows].map(r => r.dataset.server);
        if (names.join() !== shown.join()) {
            if (body.querySelector("details[open]") || body.contains(document.activeElement)) return true; // after the user is done
            const response = await fetch(rowsUrl, { credentials: "same-origin" });
            if (response.ok) body.innerHTML = await response.text();
            return true;
        }
        for (const s of live.servers) {
            const row = body.querySelector(`tr[data-server="${CSS.escape(s.name)}"]`);
            Panel.badge(row.querySelector('[data-field="status"]'), s.status);
            Panel.badge(row.querySelector('[data-field="power"]'), s.power);
            const ip = row.querySelector('[data-field="ipv4"]');
            if (ip.textContent !== s.ipv4) ip.textContent = s.ipv4;
            const notes = row.querySelector('[data-field="notes"]');
            if (notes.textContent !== s.notes) notes.textContent = s.notes;
        }
        return true;
    }, 3000); // each poll asks the API for the power state of every Booted server shown: not more often
})();
