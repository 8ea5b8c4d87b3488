// app.js: the dashboard. Reads the public API (/api/...) and shows the stored plan, labour values,
// budget, councils, shortage and audit log; casts a ballot with a token. No build step, no network
// beyond this server: Chart.js is served from vendor/.
"use strict";

const api = (path) => fetch("api/" + path, { headers: { Accept: "application/json" } }).then(async (r) => {
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
});

// A list from an answer that is a list or holds one under a key.
const listOf = (x, ...keys) => {
  if (Array.isArray(x)) return x;
  for (const k of keys) if (x && Array.isArray(x[k])) return x[k];
  return [];
};

// n as people read it: whole numbers in full (costs, votes), others to 6 significant digits without
// trailing zeros after the point (the tests parse them back).
const fmt = (n) => {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  n = Number(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const s = n.toPrecision(6);
  if (s.includes("e")) return s.replace(/\.?0+e/, "e");
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
};
const pct = (n) => (n === null || n === undefined) ? "–" : (100 * n).toFixed(2) + "%";

// Appends a row of cells (strings; a cell {text, cls} gets a class) to a table body.
const row = (tbody, cells, cls) => {
  const tr = document.createElement("tr");
  if (cls) tr.className = cls;
  for (const c of cells) {
    const td = document.createElement("td");
    if (c && typeof c === "object") { td.textContent = c.text; if (c.cls) td.className = c.cls; }
    else td.textContent = c;
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
  return tr;
};

// The stored numbers of a run, by series: {series: [{idx, label, value}] sorted by idx}.
const bySeries = (run) => {
  const s = {};
  for (const v of listOf(run.values)) (s[v.series] ||= []).push(v);
  for (const k in s) s[k].sort((a, b) => a.idx - b.idx);
  return s;
};

const charts = {};
// Draws (or redraws) a Chart.js chart on canvas id.
const draw = (id, config) => {
  if (charts[id]) charts[id].destroy();
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
  charts[id] = new Chart(document.getElementById(id), config);
  document.getElementById(id).dataset.drawn = "1";
};

// The run of a kind to show: the adopted plan first, else the latest.
const pick = (runs, kind) => {
  const of = runs.filter((r) => r.kind === kind);
  return of.find((r) => r.adopted) || of[of.length - 1];
};

async function showVerify() {
  const el = document.getElementById("verify-status");
  try {
    const v = await api("verify");
    const problems = listOf(v.problems);
    el.className = "status " + (v.ok ? "ok" : "bad");
    el.textContent = v.ok
      ? `Audit log verified: ${v.records} records, chain intact, every stored result matches its record.`
      : `Audit log NOT intact: ${problems.length} problem(s). ${problems[0] || ""}`;
  } catch (e) { el.textContent = "Could not verify the audit log (" + e.message + ")."; el.className = "status bad"; }
}

async function showPlan(runs) {
  const meta = pick(runs, "plan");
  if (!meta) { document.getElementById("plan-title").textContent = "No plan is stored yet."; return; }
  const run = await api("runs/" + meta.id);
  const s = bySeries(run);
  const years = listOf(s.phi);
  document.getElementById("plan-title").textContent =
    `Plan ${run.id}: ${run.name} — ${run.adopted ? "adopted" : "not adopted"}; computed ${run.created} for ${run.actor}.`;
  const binds = {};
  for (const c of listOf(s.capacity_price)) {
    const y = Number(c.label.split(" ")[1]);
    (binds[y] ||= []).push(c);
  }
  const tbody = document.querySelector("#plan-years tbody");
  tbody.replaceChildren();
  years.forEach((p, k) => {
    const top = (binds[k + 1] || []).sort((a, b) => b.value - a.value).slice(0, 3)
      .map((c) => c.label.replace(/^year \d+ /, "")).join(", ");
    const lab = s.labour_used ? s.labour_used[k].value : null;
    const lp = s.labour_price && s.labour_price[k].value > 1e-12 ? "labour; " : "";
    row(tbody, [String(k + 1), { text: fmt(p.value), cls: "num" }, { text: fmt(lab), cls: "num" }, lp + (top || "–")]);
  });
  draw("plan-chart", {
    type: "bar",
    data: { labels: years.map((_, k) => "year " + (k + 1)),
      datasets: [{ label: "fulfilment φ (net output / target)", data: years.map((p) => p.value), backgroundColor: "#b3261e" }] },
    options: { scales: { y: { beginAtZero: true } } },
  });
}

async function showValues(runs) {
  const meta = pick(runs, "balance");
  if (!meta) { document.getElementById("values-title").textContent = "No economy is stored yet."; return; }
  const run = await api("runs/" + meta.id);
  const s = bySeries(run);
  const lv = listOf(s.labour_value), out = listOf(s.output), mult = listOf(s.multiplier);
  document.getElementById("values-title").textContent =
    `Economy ${run.id}: ${run.name} — ${mult.length} products; labour values are the hours of work embodied in a unit of each.`;
  const products = mult.map((m, k) => ({ code: m.label, mult: m.value, out: out[k] ? out[k].value : null, lv: lv[k] ? lv[k].value : null }));
  const tbody = document.querySelector("#values-table tbody");
  const render = (filter) => {
    tbody.replaceChildren();
    for (const p of products) if (!filter || p.code.toLowerCase().includes(filter))
      row(tbody, [p.code, { text: fmt(p.out), cls: "num" }, { text: fmt(p.mult), cls: "num" }, { text: fmt(p.lv), cls: "num" }]);
  };
  render("");
  document.getElementById("values-filter").oninput = (e) => render(e.target.value.trim().toLowerCase());
  const top = products.filter((p) => p.lv !== null).sort((a, b) => b.lv - a.lv).slice(0, 15);
  draw("values-chart", {
    type: "bar",
    data: { labels: top.map((p) => p.code), datasets: [{ label: "labour value (largest 15)", data: top.map((p) => p.lv), backgroundColor: "#1d1d1b" }] },
    options: { indexAxis: "y" },
  });
}

async function showBudget(runs) {
  const meta = pick(runs, "budget");
  if (!meta) { document.getElementById("budget-title").textContent = "No budget is decided yet."; return; }
  const run = await api("runs/" + meta.id);
  const s = bySeries(run);
  const sel = listOf(s.selected), votes = listOf(s.votes), score = listOf(s.score);
  const order = {};
  sel.forEach((v, k) => { order[v.label] = k + 1; });
  const budget = s.budget ? s.budget[0].value : null, cost = s.cost ? s.cost[0].value : null;
  document.getElementById("budget-title").textContent =
    `Budget ${run.id}: ${run.name} — ${sel.length} of ${votes.length} projects funded, ${fmt(cost)} of ${fmt(budget)} (rule: ${(run.args.match(/rule=(.*)/) || [, "the election's own"])[1]}).`;
  const costOf = {};
  for (const v of sel) costOf[v.label] = v.value;
  // how each project fared, from the rule's rounds when they were stored
  const how = {};
  const price = Object.fromEntries(listOf(s.round_price).map((v) => [v.idx, v.value]));
  const rscore = Object.fromEntries(listOf(s.round_score).map((v) => [v.idx, v.value]));
  for (const a of listOf(s.round_action)) {
    const k = a.idx;
    how[a.label] = a.value === 0
      ? (price[k] !== undefined ? `round ${k + 1}: its ${fmt(rscore[k])} supporters paid at most ${fmt(price[k])} each`
        : `round ${k + 1}: funded with score ${fmt(rscore[k])}`)
      : a.value === 1 ? `round ${k + 1}: did not fit in what was left`
      : a.value === 2 ? `round ${k + 1}: the rule stopped here`
      : `round ${k + 1}: its supporters no longer had the money`;
  }
  const projects = votes.map((v, k) => ({ id: v.label, votes: v.value, score: score[k] ? score[k].value : null, order: order[v.label] || null }));
  projects.sort((a, b) => (a.order || 1e9) - (b.order || 1e9) || b.votes - a.votes);
  const tbody = document.querySelector("#budget-table tbody");
  tbody.replaceChildren();
  for (const p of projects)
    row(tbody, [p.order ? String(p.order) : "not funded", p.id, { text: p.id in costOf ? fmt(costOf[p.id]) : "", cls: "num" },
      { text: fmt(p.votes), cls: "num" }, { text: fmt(p.score), cls: "num" }, how[p.id] || "–"], p.order ? "won" : "");
  draw("budget-chart", {
    type: "bar",
    data: { labels: projects.map((p) => p.id), datasets: [{ label: "votes (green: funded)", data: projects.map((p) => p.votes),
      backgroundColor: projects.map((p) => (p.order ? "#2e6b30" : "#b9b6ad")) }] },
  });
}

async function showCouncils() {
  const body = document.getElementById("councils-body");
  let c;
  try { c = await api("councils"); } catch (e) { return; }
  const councils = listOf(c, "councils");
  if (!councils.length) return;
  body.replaceChildren();
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>council</th><th>sends delegates to</th><th>members</th><th>its seats there: delegate (recall petition)</th></tr></thead><tbody></tbody>";
  for (const k of councils) {
    const seats = listOf(k.seats).map((s) => {
      if (!s.delegate) return `seat ${s.seat}: vacant (election due)`;
      const rec = s.recall ? ` (recall: ${s.recall.signatures} of ${s.recall.needed} signatures)` : "";
      return `seat ${s.seat}: ${s.delegate}${s.name ? " (" + s.name + ")" : ""}${rec}`;
    }).join("; ");
    const members = listOf(k.members).map((m) => m.id).join(", ");
    row(table.tBodies[0], [k.name ? `${k.id} — ${k.name}` : k.id, k.parent || "", members || "–", seats || "–"]);
  }
  body.appendChild(table);
}

async function showShortage(runs) {
  const meta = pick(runs, "simulation");
  if (!meta) { document.getElementById("shortage-title").textContent = "No simulation is stored yet."; return; }
  const run = await api("runs/" + meta.id);
  const s = bySeries(run);
  document.getElementById("shortage-title").textContent =
    `Simulation ${run.id}: ${run.name} — both price regimes side by side, month by month.`;
  const regimes = [["administered", "administered prices (queues)", "#b3261e"], ["feedback", "feedback (prices clear, plan follows)", "#2e6b30"]];
  const series = (name) => regimes.filter(([r]) => s[`${r}.${name}`]).map(([r, label, color]) => ({
    label, data: s[`${r}.${name}`].map((v) => v.value), borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0 }));
  const months = (s["administered.queue_length"] || s["feedback.queue_length"] || []).map((v) => v.idx + 1);
  draw("queue-chart", { type: "line", data: { labels: months, datasets: series("queue_length") },
    options: { plugins: { title: { display: true, text: "Queue length (households per good)" } } } });
  draw("unmet-chart", { type: "line", data: { labels: months, datasets: series("unmet_share") },
    options: { plugins: { title: { display: true, text: "Unmet demand (share, at labour values)" } } } });
  const tbody = document.querySelector("#shortage-table tbody");
  tbody.replaceChildren();
  const sum = (r) => Object.fromEntries(listOf(s[`${r}.summary`]).map((v) => [v.label, v.value]));
  const a = sum("administered"), f = sum("feedback");
  const shares = new Set(["unmet_demand_share", "forced_substitution_share", "forced_saving_share", "administered_allocation_share"]);
  for (const k of ["mean_queue_length", "mean_waiting_months", "unmet_demand_share", "forced_saving_share", "forced_substitution_share",
    "administered_allocation_share", "consumption_gini", "plan_fulfilment", "unmet_peak", "unmet_after_12_months"]) {
    const show = (x) => (x[k] === undefined ? "–" : shares.has(k) ? pct(x[k]) : fmt(x[k]));
    row(tbody, [k.replaceAll("_", " "), { text: show(a), cls: "num" }, { text: show(f), cls: "num" }]);
  }
}

async function showAudit() {
  const log = listOf(await api("audit?limit=200"), "records", "audit");
  const tbody = document.querySelector("#audit-table tbody");
  tbody.replaceChildren();
  for (const r of log)
    row(tbody, [String(r.seq), r.time, r.actor, r.action, r.subject, r.detail, { text: r.hash.slice(0, 16) + "…", cls: "hash" }]);
}

async function showBallot() {
  const body = document.getElementById("ballot-body");
  let open;
  try { open = listOf(await api("elections"), "elections").filter((e) => (e.status || "open") === "open"); } catch (e) { return; }
  if (!open.length) return;
  const e = await api("elections/" + open[0].id);
  body.replaceChildren();
  const form = document.createElement("form");
  form.dataset.testid = "ballot-form";
  const projects = listOf(e.projects);
  // built from elements, never from HTML text: project names come from the public
  const el = (tag, text, attrs = {}) => {
    const x = document.createElement(tag);
    if (text) x.textContent = text;
    for (const [k, v] of Object.entries(attrs)) x.setAttribute(k, v);
    return x;
  };
  const intro = el("p", `Election ${e.name || e.id}: budget ${fmt(e.budget)}. Tick the projects you approve.`);
  const set = el("fieldset");
  for (const p of projects) {
    const label = el("label");
    label.append(el("input", "", { type: "checkbox", name: "approve", value: p.id }),
      ` ${p.id}${p.name ? " — " + p.name : ""} (cost ${fmt(p.cost)})`);
    set.append(label, el("br"));
  }
  const tok = el("label", "Your token ");
  tok.append(el("input", "", { type: "password", name: "token", autocomplete: "off", required: "" }));
  form.append(intro, set, tok, " ", el("button", "Cast my ballot", { type: "submit" }), " ",
    el("span", "", { class: "answer", "data-testid": "ballot-answer" }));
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    const approvals = [...form.querySelectorAll("input[name=approve]:checked")].map((c) => c.value);
    const r = await fetch(`api/elections/${encodeURIComponent(e.id)}/ballots`, {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + form.token.value.trim() },
      body: JSON.stringify({ approvals }) });
    const ans = await r.json().catch(() => ({}));
    form.querySelector(".answer").textContent = r.ok ? `Ballot cast (audit record ${ans.audit_seq ?? ans.seq ?? "?"}).`
      : `Refused (${r.status}): ${ans.message || ans.error || ""}`;
    if (r.ok) showAudit();
  };
  body.appendChild(form);
}

async function main() {
  let runs = [];
  try { runs = listOf(await api("runs"), "runs"); } catch (e) { document.getElementById("verify-status").textContent = "The API does not answer: " + e.message; }
  await Promise.allSettled([showVerify(), showPlan(runs), showValues(runs), showBudget(runs), showCouncils(), showShortage(runs), showAudit(), showBallot()]);
  document.body.dataset.ready = "1";
}
main();
