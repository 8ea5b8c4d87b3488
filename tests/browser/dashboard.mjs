// dashboard.mjs: the dashboard tested as a person uses it, with playwright-core driving Debian's chromium
// headless against a running `ogas serve`. Usage: node dashboard.mjs URL EXPECTED.json TOKEN SHOTS_DIR
// EXPECTED.json holds the stored numbers (from `ogas db show --json`) that the pages must show. Checks the
// plan, labour values, budget, shortage and audit sections against them, that every chart was drawn, then
// casts a ballot through the form with a member's token, and saves a screenshot of each section.
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";

// playwright-core as web/package-lock.json pins it (installed into web/node_modules by npm ci)
const { chromium } = createRequire(new URL("../../web/package.json", import.meta.url))("playwright-core");

const [url, expectedPath, token, shots] = process.argv.slice(2);
const expected = JSON.parse(readFileSync(expectedPath, "utf8"));
mkdirSync(shots, { recursive: true });
let failures = 0;
const check = (cond, what) => {
  if (cond) console.log("ok " + what);
  else { console.log("FAIL " + what); failures++; }
};
// The dashboard's number format: whole numbers in full, others to 6 significant digits.
const six = (x) => (Number.isInteger(Number(x)) ? Number(x) : Number(Number(x).toPrecision(6)));
const near = (shown, want) => Math.abs(Number(shown) - six(want)) <= 1e-9 * Math.max(1, Math.abs(want));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
  args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });

  // verification
  const status = await page.textContent("[data-testid=verify-status]");
  check(/verified/.test(status) && /chain intact/.test(status), `verify status says verified: "${status.trim()}"`);

  // plan: phi per year as stored, the chart drawn
  const phi = await page.$$eval("#plan-years tbody tr", (rows) => rows.map((r) => r.cells[1].textContent));
  check(phi.length === expected.phi.length, `plan shows ${phi.length} years (stored ${expected.phi.length})`);
  check(phi.every((p, k) => near(p, expected.phi[k])), `plan's phi as stored: ${phi.join(", ")}`);
  check(/adopted/.test(await page.textContent("[data-testid=plan-title]")), "the adopted plan is shown");

  // labour values: every product, one value checked exactly as stored
  const vrows = await page.$$eval("#values-table tbody tr", (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[3].textContent]));
  check(vrows.length === expected.products, `labour values table has ${vrows.length} products (stored ${expected.products})`);
  const lv = vrows.find((r) => r[0] === expected.value_code);
  check(lv && near(lv[1], expected.value), `labour value of ${expected.value_code}: ${lv && lv[1]} (stored ${expected.value})`);
  await page.fill("#values-filter", expected.value_code.toLowerCase());
  const filtered = await page.$$eval("#values-table tbody tr", (rows) => rows.length);
  check(filtered >= 1 && filtered < vrows.length, `the product filter narrows the table to ${filtered}`);

  // budget: the funded projects in the order they won
  const won = await page.$$eval("#budget-table tbody tr.won", (rows) => rows.map((r) => r.cells[1].textContent));
  check(JSON.stringify(won) === JSON.stringify(expected.selected), `budget's winners in order: ${won.join(", ")}`);
  const firstCost = await page.$eval("#budget-table tbody tr.won", (r) => r.cells[2].textContent);
  check(Number(firstCost) === expected.first_cost, `the first winner's cost in full: ${firstCost} (stored ${expected.first_cost})`);
  const firstHow = await page.$eval("#budget-table tbody tr.won", (r) => r.cells[5].textContent);
  check(/^round 1: its \d+ supporters paid at most [\d.e+]+ each$/.test(firstHow), `how the first project won: "${firstHow}"`);

  // shortage: both regimes' summary as stored
  const queue = await page.$$eval("#shortage-table tbody tr", (rows) => rows.filter((r) => r.cells[0].textContent === "mean queue length")
    .map((r) => [r.cells[1].textContent, r.cells[2].textContent])[0]);
  check(queue && near(queue[0], expected.queue_administered) && near(queue[1], expected.queue_feedback),
    `mean queue length as stored: ${queue}`);

  // audit log: every record
  const records = await page.$$eval("#audit-table tbody tr", (rows) => rows.length);
  check(records === expected.records, `audit log shows ${records} records (stored ${expected.records})`);

  // the charts were drawn, and are not blank
  for (const id of ["plan-chart", "values-chart", "budget-chart", "queue-chart", "unmet-chart"]) {
    const inked = await page.$eval("#" + id, (c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < d.length; k += 4) if (d[k] > 0) n++;
      return c.dataset.drawn === "1" ? n : -1;
    });
    check(inked > 500, `chart ${id} drawn (${inked} pixels inked)`);
  }
  for (const id of ["plan", "values", "budget", "councils", "shortage", "audit"]) {
    await page.locator("#" + id).screenshot({ path: `${shots}/${id}.png` });
  }

  // casting a ballot with a token
  await page.waitForSelector("[data-testid=ballot-form]", { timeout: 10000 });
  const boxes = page.locator("input[name=approve]");
  check((await boxes.count()) === expected.election_projects, `ballot form lists ${await boxes.count()} projects`);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.fill("input[name=token]", token);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("[data-testid=ballot-answer]").textContent.length > 0, null, { timeout: 10000 });
  const answer = await page.textContent("[data-testid=ballot-answer]");
  check(/^Ballot cast/.test(answer), `ballot answer: "${answer}"`);
  await page.waitForFunction((n) => document.querySelectorAll("#audit-table tbody tr").length === n, expected.records + 1, { timeout: 10000 });
  const last = await page.$$eval("#audit-table tbody tr", (rows) => rows[rows.length - 1].cells[3].textContent);
  check(last === "ballot cast", `the ballot is the audit log's newest record (${last})`);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => /Refused/.test(document.querySelector("[data-testid=ballot-answer]").textContent), null, { timeout: 10000 });
  check(/409/.test(await page.textContent("[data-testid=ballot-answer]")), "a second ballot from the same member is refused (409)");
  await page.locator("#ballot").screenshot({ path: `${shots}/ballot.png` });
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
  check(errors.length === 0, `no script errors on the page${errors.length ? ": " + errors.join("; ") : ""}`);
} finally {
  await browser.close();
}
console.log(failures ? `browser: ${failures} failed` : "browser: all passed");
process.exit(failures ? 1 : 0);
