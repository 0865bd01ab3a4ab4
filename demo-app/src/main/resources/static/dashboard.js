// The dashboard: charts fed by the server-sent-events stream at /api/stream, the load comparison,
// and the admin controls, which use the session the login form opens (with its CSRF token).
"use strict";

const HISTORY = 120;
const COLORS = { cpu: "#3465a4", cpuLight: "#8fb0dc", blocking: "#c4590f", blockingLight: "#eda56f",
  green: "#1a7f37", grey: "#888", red: "#b00020" };
const EXECUTOR_COLORS = { "boot-default": "#888888", "boot-virtual": "#8e44ad", moirai: "#3465a4" };

const session = { user: "", admin: false, csrfHeader: "X-CSRF-TOKEN", csrfToken: "" };

// ---- HTTP: every request says it comes from this page (no browser password dialog on 401) ----

async function call(method, path, body) {
  const headers = { "X-Requested-With": "XMLHttpRequest" };
  if (method !== "GET") {
    headers[session.csrfHeader] = session.csrfToken;
  }
  const options = { method, headers, credentials: "same-origin" };
  if (body instanceof URLSearchParams) {
    options.body = body;
  } else if (body !== undefined) {
    // Actuator's write operations only accept JSON; without this header they answer 415
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let json = null;
  const text = await response.text();
  try {
    json = text ? JSON.parse(text) : null;
  } catch (ignored) {
    json = null;
  }
  return { status: response.status, ok: response.ok, json };
}

/** Confirmations on their way out: message element id to the timer that clears it. */
const fading = new Map();

/** How long a passing confirmation ("Signed in.") stays: long enough to read, not so long that it reads as news. */
const CONFIRMATION_MILLIS = 4000;

function say(id, text, ok) {
  // whatever is said now replaces a confirmation on its way out, so its timer must not clear it
  clearTimeout(fading.get(id));
  fading.delete(id);
  const element = document.getElementById(id);
  element.textContent = text;
  element.className = "message " + (ok ? "ok" : "refused");
}

/**
 * Says that something worked, for a few seconds or until the user's next action, whichever comes
 * first. Refusals stay (say), since the user may still need them.
 */
function sayBriefly(id, text) {
  say(id, text, true);
  fading.set(id, setTimeout(() => unsay(id), CONFIRMATION_MILLIS));
}

function unsay(id) {
  fading.delete(id);
  const element = document.getElementById(id);
  element.textContent = "";
  element.className = "message";
}

// The next action ends every passing confirmation: a stale "Signed in." next to a later result
// would read as part of it. Capturing listeners run before the action's own handlers, so a
// confirmation the action says itself is not cleared.
document.addEventListener("submit", () => [...fading.keys()].forEach(unsay), true);
document.addEventListener("click", event => {
  if (event.target instanceof Element && event.target.closest("button")) {
    [...fading.keys()].forEach(unsay);
  }
}, true);

/** What an error body says: a problem's detail (the demo's API), or Actuator's error. */
function reason(response) {
  const json = response.json;
  return json && (json.detail || json.message || json.error);
}

function refusal(response, adminOnly) {
  switch (response.status) {
    case 401: return "Refused: sign in first (401).";
    case 403: return adminOnly && session.user && !session.admin
      ? "Refused: this needs the ADMIN role, and you are signed in as " + session.user + " (403)."
      : "Refused: the page's session or its security token is no longer valid; it has been renewed, try again (403).";
    case 400: return "Refused: " + (reason(response) || "invalid value") + " (400).";
    case 409: return "Refused: " + (reason(response) || "conflict") + " (409).";
    // Moirai is paused, shutting down or full, or the work outlasted the request's timeout
    case 503: return "Unavailable: " + (reason(response) || "try again later") + " (503).";
    default: return "Failed with HTTP status " + response.status + ".";
  }
}

/**
 * Explains a refused write after asking the server who is signed in now: a session that ended
 * (signed out in another tab, timed out, or the server restarted) refuses with 401 or 403 too,
 * and must not read as a missing role.
 */
async function explain(response, adminOnly) {
  if (response.status === 401 || response.status === 403) {
    const before = session.user;
    await loadSession();
    if (before && session.user !== before) {
      return "Refused: your session as " + before + " has ended (signed out elsewhere, timed out or the server"
        + " restarted); sign in again (" + response.status + ").";
    }
  }
  return refusal(response, adminOnly);
}

// ---- Signing in and out ----

/**
 * Takes the session's current CSRF token, before signing in or out: signing in or out in another
 * tab or window starts a new session with a new token while this page kept the old one, so its
 * sign-in was refused (403) and read as "wrong user name or password", and its sign-out was
 * refused while it said "Signed out.".
 */
async function renewToken() {
  const me = await call("GET", "/api/me");
  if (me.ok && me.json) {
    session.csrfHeader = me.json.csrfHeader;
    session.csrfToken = me.json.csrfToken;
  }
}

async function loadSession() {
  const me = await call("GET", "/api/me");
  Object.assign(session, me.json);
  document.getElementById("login-form").hidden = !!session.user;
  document.getElementById("signed-in").hidden = !session.user;
  document.getElementById("signed-in-user").textContent = session.user;
  document.getElementById("signed-in-role").textContent = session.admin ? "(administrator)" : "(no admin role)";
  await loadAudit();
}

document.getElementById("login-form").addEventListener("submit", async event => {
  event.preventDefault();
  const form = new URLSearchParams();
  form.set("username", document.getElementById("login-user").value);
  form.set("password", document.getElementById("login-password").value);
  await renewToken();
  const response = await call("POST", "/login", form);
  document.getElementById("login-password").value = "";
  if (response.ok) {
    await loadSession(); // signing in starts a new session with a new CSRF token
    sayBriefly("login-message", "Signed in.");
    document.getElementById("logout-button").focus(); // the focused form is hidden now
  } else {
    say("login-message", "Sign-in failed: wrong user name or password.", false);
  }
});

document.getElementById("logout-button").addEventListener("click", async () => {
  await renewToken();
  await call("POST", "/logout");
  await loadSession();
  sayBriefly("login-message", "Signed out.");
  document.getElementById("login-user").focus();
});

// ---- Charts of the last two minutes ----

function lineChart(id, datasets, options = {}) {
  return new Chart(document.getElementById(id), {
    type: "line",
    data: { labels: [], datasets: datasets.map(([label, color, dashed]) => ({
      label, borderColor: color, backgroundColor: color, data: [], pointRadius: 0, borderWidth: 2,
      borderDash: dashed ? [5, 4] : [], tension: 0.2 })) },
    options: {
      animation: false, responsive: true, aspectRatio: 2.4, interaction: { mode: "index", intersect: false },
      scales: { x: { ticks: { maxTicksLimit: 6 } }, y: Object.assign({ beginAtZero: true }, options.y || {}) },
      plugins: { legend: { labels: { boxWidth: 12 } } }
    }
  });
}

const charts = {
  completed: lineChart("chart-completed", [["CPU lane", COLORS.cpu], ["Blocking lane", COLORS.blocking]]),
  active: lineChart("chart-active", [["CPU running", COLORS.cpu], ["CPU waiting", COLORS.cpuLight, true],
    ["Blocking running", COLORS.blocking], ["Blocking waiting", COLORS.blockingLight, true]]),
  latency: lineChart("chart-latency", [["CPU p50", COLORS.cpuLight], ["CPU p99", COLORS.cpu],
    ["Blocking p50", COLORS.blockingLight], ["Blocking p99", COLORS.blocking]]),
  wait: lineChart("chart-wait", [["CPU p90", COLORS.cpuLight], ["CPU p99", COLORS.cpu],
    ["Blocking p90", COLORS.blockingLight], ["Blocking p99", COLORS.blocking]]),
  permits: lineChart("chart-permits", [["In use", COLORS.blocking], ["Permits", COLORS.grey, true],
    ["Tasks waiting for a permit", COLORS.red]]),
  steals: lineChart("chart-steals", [["Steals", COLORS.green], ["Parks", COLORS.grey]]),
  rejected: lineChart("chart-rejected", [["CPU lane", COLORS.cpu], ["Blocking lane", COLORS.blocking]])
};

function values(sample) {
  return {
    completed: [sample.cpu.completedPerSecond, sample.blocking.completedPerSecond],
    active: [sample.cpu.active, sample.cpu.queued, sample.blocking.active, sample.blocking.queued],
    latency: [sample.cpu.runTime.p50, sample.cpu.runTime.p99, sample.blocking.runTime.p50, sample.blocking.runTime.p99],
    wait: [sample.cpu.queueWait.p90, sample.cpu.queueWait.p99, sample.blocking.queueWait.p90, sample.blocking.queueWait.p99],
    permits: [sample.blockingPermitsInUse, sample.blockingConcurrency, sample.blockingWaiting],
    steals: [sample.stealsPerSecond, sample.parksPerSecond],
    rejected: [sample.cpu.rejectedPerSecond, sample.blocking.rejectedPerSecond]
  };
}

function addSample(sample, redraw) {
  const label = new Date(sample.time).toLocaleTimeString([], { hour12: false });
  const points = values(sample);
  for (const [name, chart] of Object.entries(charts)) {
    chart.data.labels.push(label);
    points[name].forEach((value, i) => chart.data.datasets[i].data.push(value));
    if (chart.data.labels.length > HISTORY) {
      chart.data.labels.shift();
      chart.data.datasets.forEach(dataset => dataset.data.shift());
    }
    if (redraw) {
      chart.update("none");
    }
  }
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

function humanize(constant) {
  const words = String(constant).toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** "1 CPU worker", "3 CPU workers". */
function plural(count, noun) {
  return `${number.format(count)} ${noun}${count === 1 ? "" : "s"}`;
}

let shownSettings = null;

function showCurrent(sample) {
  // a resize, pause or resume made elsewhere (another page, curl) is audited: show it
  const settings = [sample.state, sample.parallelism, sample.blockingConcurrency].join();
  if (shownSettings !== null && settings !== shownSettings && session.admin) {
    loadAudit();
  }
  shownSettings = settings;
  const state = document.getElementById("tile-state");
  state.textContent = humanize(sample.state);
  state.className = sample.state;
  document.getElementById("tile-parallelism").textContent = sample.parallelism;
  document.getElementById("tile-permits").textContent =
    number.format(sample.blockingPermitsInUse) + " of " + number.format(sample.blockingConcurrency);
  document.getElementById("tile-rate").textContent =
    number.format(sample.cpu.completedPerSecond + sample.blocking.completedPerSecond);
  document.getElementById("tile-queued").textContent = number.format(sample.cpu.queued + sample.blocking.queued);
  document.getElementById("tile-completed").textContent = number.format(sample.cpu.completed + sample.blocking.completed);
  document.getElementById("tile-rejected").textContent = number.format(sample.cpu.rejected + sample.blocking.rejected);
  document.getElementById("tile-detected").textContent = number.format(sample.blockingDetected);
  showWorkers(sample);
  const parallelism = document.getElementById("resize-parallelism");
  const blocking = document.getElementById("resize-blocking");
  // a field the administrator has not edited shows the live size, so a resize made elsewhere shows here
  if (!edited.has(parallelism.id) && document.activeElement !== parallelism) {
    parallelism.value = sample.parallelism;
  }
  if (!edited.has(blocking.id) && document.activeElement !== blocking) {
    blocking.value = sample.blockingConcurrency;
  }
}

/**
 * The workers the sample lists (the server sends at most 32, the busiest, however many there are)
 * and a line counting the rest, so that a pool resized to a thousand workers keeps the page small.
 */
function showWorkers(sample) {
  document.getElementById("workers").replaceChildren(...sample.workers.map(worker => {
    const row = document.createElement("tr");
    row.append(cell(worker.name), cell(humanize(worker.state)), cell(worker.queueDepth),
      cell(worker.compensating ? "yes" : "no"));
    return row;
  }));
  const more = document.getElementById("workers-more");
  const unlisted = sample.workerCount - sample.workers.length;
  more.hidden = unlisted <= 0;
  more.textContent = unlisted <= 0 ? ""
    : `… and ${plural(unlisted, "more worker")} (the table lists the ${sample.workers.length} busiest).`;
}

/** The resize fields the administrator typed in since the last resize: only those are sent. */
const edited = new Set();
["resize-parallelism", "resize-blocking"].forEach(id =>
  document.getElementById(id).addEventListener("input", () => edited.add(id)));

// ---- The load comparison ----

const loadCharts = {
  throughput: new Chart(document.getElementById("chart-load-throughput"), {
    type: "bar",
    data: { labels: [], datasets: [{ label: "Tasks per second", data: [], backgroundColor: [] }] },
    options: { animation: false, aspectRatio: 2.4, indexAxis: "y", plugins: { legend: { display: false } } }
  }),
  latency: new Chart(document.getElementById("chart-load-latency"), {
    type: "bar",
    data: { labels: [], datasets: [["p50", 0.35], ["p90", 0.55], ["p99", 0.8], ["Max", 1]].map(([label, alpha]) => ({
      label, data: [], backgroundColor: `rgba(52, 101, 164, ${alpha})` })) },
    options: { animation: false, aspectRatio: 2.4, scales: { y: { type: "logarithmic" } } }
  })
};

function showLoad(report) {
  const size = report.workload === "cpu" ? `${report.tasks} tasks` : `${report.tasks} tasks, ${report.millis} ms each`;
  document.getElementById("load-explanation").textContent = `${report.label} (${size}): ${report.explanation}`;
  const mixed = report.workload === "mixed";
  const downstream = report.workload === "downstream";
  document.getElementById("load-extra-head").textContent =
    mixed ? "CPU tasks p50 / p99 ms" : downstream ? "Most downstream calls at once" : "";
  document.getElementById("load-results").replaceChildren(...report.results.map(result => {
    const row = document.createElement("tr");
    row.dataset.executor = result.executor;
    const progress = result.state === "waiting" ? "waiting" : `${result.completed} of ${result.tasks}`
      + (result.state === "done" ? ` in ${result.wallMillis} ms` : " (running)");
    const extra = mixed && result.cpuTaskLatency
      ? `${number.format(result.cpuTaskLatency.p50)} / ${number.format(result.cpuTaskLatency.p99)}`
      : downstream && result.downstreamPeakConcurrency !== null ? String(result.downstreamPeakConcurrency) : "";
    const label = cell(result.label);
    label.title = result.description;
    // an executor whose turn has not come has no figures yet: a dash, not zeros that read as results
    const figure = value => result.state === "waiting" ? "–" : number.format(value);
    row.append(label, cell(progress), cell(figure(result.throughputPerSecond)), cell(figure(result.latency.p50)),
      cell(figure(result.latency.p90)), cell(figure(result.latency.p99)), cell(figure(result.latency.max)), cell(extra));
    return row;
  }));
  const labels = report.results.map(result => result.label);
  loadCharts.throughput.data.labels = labels;
  loadCharts.throughput.data.datasets[0].data = report.results.map(result => result.throughputPerSecond);
  loadCharts.throughput.data.datasets[0].backgroundColor = report.results.map(result => EXECUTOR_COLORS[result.executor]);
  loadCharts.latency.data.labels = labels;
  ["p50", "p90", "p99", "max"].forEach((key, i) => {
    loadCharts.latency.data.datasets[i].data = report.results.map(result => result.latency[key] || null);
  });
  // The logarithmic axis starts a decade below the smallest latency: left to itself it may start
  // at that value, and the bar showing it then has no height at all.
  const latencies = report.results.flatMap(result => ["p50", "p90", "p99", "max"].map(key => result.latency[key]))
    .filter(value => value > 0);
  loadCharts.latency.options.scales.y.min = latencies.length === 0 ? undefined
    : 10 ** Math.floor(Math.log10(Math.min(...latencies)) - 0.5);
  loadCharts.throughput.update("none");
  loadCharts.latency.update("none");
  document.getElementById("load-button").disabled = report.running;
}

/**
 * What is wrong with a load-form field, or "" if nothing is. A cleared field must not be sent:
 * its empty value is no number (the server refuses it, and once ran its default instead), so
 * the page names the field and its range itself, from the field's own min and max.
 */
function fieldProblem(id, name) {
  const input = document.getElementById(id);
  const range = `a whole number between ${number.format(Number(input.min))} and ${number.format(Number(input.max))}`;
  const value = input.valueAsNumber;
  const problem = input.validity.badInput ? `${name} is not a number; enter ${range}.`
    : input.value === "" ? `${name} is empty; enter ${range}.`
    : !Number.isInteger(value) || value < Number(input.min) || value > Number(input.max)
      ? `${name} must be ${range}, was ${input.value}.` : "";
  input.setAttribute("aria-invalid", String(problem !== ""));
  return problem;
}

document.getElementById("load-form").addEventListener("submit", async event => {
  event.preventDefault();
  const problems = [fieldProblem("load-tasks", "Tasks"), fieldProblem("load-millis", "Wait per task")]
    .filter(problem => problem !== "");
  if (problems.length > 0) {
    say("load-message", "Not sent: " + problems.join(" "), false);
    document.querySelector("#load-form [aria-invalid=true]").focus();
    return;
  }
  // valueAsNumber: a number field accepts "1e3", which the server's integer parameters do not
  const query = new URLSearchParams({ workload: document.getElementById("load-workload").value,
    tasks: String(document.getElementById("load-tasks").valueAsNumber),
    millis: String(document.getElementById("load-millis").valueAsNumber) });
  say("load-message", "Running…", true);
  document.getElementById("load-button").disabled = true;
  try {
    const response = await call("POST", "/api/load?" + query);
    if (response.ok) {
      showLoad(response.json);
      say("load-message", "Done.", true);
    } else {
      say("load-message", await explain(response, false), false);
    }
  } finally {
    document.getElementById("load-button").disabled = false;
  }
});

// ---- Administration and the audit trail ----

async function admin(path, body, describe) {
  const response = await call("POST", path, body);
  if (response.ok) {
    say("admin-message", describe(response.json), true);
  } else {
    say("admin-message", await explain(response, true), false);
  }
  await loadAudit();
}

/**
 * What is wrong with a resize field the administrator typed in, or "" if nothing is. A field
 * they emptied is left out of the resize (the size stays as it is), but one that holds no whole
 * number in range is named with its range, as the load form's are: sent, "1.5" got Actuator's
 * "Parameter mapping failure", and a field the browser could not read as a number ("e") read as
 * empty, so the page said there was nothing to resize.
 */
function resizeProblem(id, name) {
  const input = document.getElementById(id);
  if (!edited.has(id) || (input.value === "" && !input.validity.badInput)) {
    input.setAttribute("aria-invalid", "false");
    return "";
  }
  return fieldProblem(id, name);
}

document.getElementById("resize-form").addEventListener("submit", event => {
  event.preventDefault();
  const problems = [resizeProblem("resize-parallelism", "CPU workers"), resizeProblem("resize-blocking", "Blocking permits")]
    .filter(problem => problem !== "");
  if (problems.length > 0) {
    say("admin-message", "Not sent: " + problems.join(" "), false);
    document.querySelector("#resize-form [aria-invalid=true]").focus();
    return;
  }
  const body = {};
  const parallelism = document.getElementById("resize-parallelism").value;
  const blocking = document.getElementById("resize-blocking").value;
  // a size the administrator left alone stays as it is on the server, even if someone else changed it meanwhile
  if (parallelism && edited.has("resize-parallelism")) {
    body.parallelism = Number(parallelism);
  }
  if (blocking && edited.has("resize-blocking")) {
    body.blockingConcurrency = Number(blocking);
  }
  if (Object.keys(body).length === 0) {
    say("admin-message", "Nothing to resize: change the CPU workers, the blocking permits or both first.", false);
    return;
  }
  admin("/actuator/moirai", body, snapshot => {
    edited.clear();
    return `Resized: ${plural(snapshot.parallelism, "CPU worker")}, ${plural(snapshot.blockingConcurrency, "blocking permit")}.`;
  });
});

/**
 * Pauses or resumes, and says whether that changed anything. The endpoint answers a pause of a
 * paused runtime with the same snapshot as a real pause, so the state before is read from the
 * endpoint just before (open to anyone). Someone else's change between the two requests could
 * still be told wrong; the audit trail shows who changed what.
 */
async function control(operation, changed, unchanged) {
  const before = await call("GET", "/actuator/moirai");
  const stateBefore = before.ok && before.json ? before.json.state : null;
  await admin("/actuator/moirai/" + operation, {}, snapshot => {
    const state = " (state " + humanize(snapshot.state) + ").";
    return (stateBefore === snapshot.state ? unchanged : changed) + state;
  });
}

document.getElementById("pause-button").addEventListener("click", () =>
  control("pause", "Paused: no new task starts until resumed",
    "Already paused: nothing changed; no new task starts until resumed"));

document.getElementById("resume-button").addEventListener("click", () =>
  control("resume", "Resumed", "Not paused: nothing to resume"));

function details(data) {
  return Object.entries(data || {}).filter(([key]) => key !== "details")
    .map(([key, value]) => `${humanize(key.replace(/([a-z])([A-Z])/g, "$1 $2"))}: ${typeof value === "object" ? JSON.stringify(value) : value}`)
    .join(", ");
}

async function loadAudit() {
  const note = document.getElementById("audit-note");
  const rows = document.getElementById("audit");
  if (!session.admin) {
    note.textContent = session.user ? "Only administrators see the audit trail." : "Sign in as an administrator to see it.";
    rows.replaceChildren();
    return;
  }
  const response = await call("GET", "/actuator/auditevents");
  if (!response.ok) {
    note.textContent = refusal(response, true);
    rows.replaceChildren();
    return;
  }
  note.textContent = "The last 20 Moirai events, newest first, from /actuator/auditevents.";
  // every HTTP Basic request adds an AUTHENTICATION_SUCCESS event: a few curl calls would push Moirai's out
  const moirai = response.json.events.filter(event => String(event.type).startsWith("MOIRAI_"));
  rows.replaceChildren(...moirai.slice(-20).reverse().map(event => {
    const row = document.createElement("tr");
    row.dataset.type = event.type;
    row.append(cell(new Date(event.timestamp).toLocaleTimeString([], { hour12: false })), cell(event.principal),
      cell(humanize(event.type)), cell(details(event.data)));
    return row;
  }));
}

// ---- The stream ----

let streamOpenedBefore = false;

let shownLoad = null;

let stream = null;

function connect() {
  stream = new EventSource("/api/stream");
  stream.addEventListener("history", event => {
    const samples = JSON.parse(event.data);
    Object.values(charts).forEach(chart => {
      chart.data.labels = [];
      chart.data.datasets.forEach(dataset => { dataset.data = []; });
    });
    samples.forEach(sample => addSample(sample, false));
    Object.values(charts).forEach(chart => chart.update("none"));
    if (samples.length) {
      showCurrent(samples[samples.length - 1]);
    }
  });
  stream.addEventListener("sample", event => {
    const sample = JSON.parse(event.data);
    addSample(sample, true);
    showCurrent(sample);
  });
  stream.addEventListener("load", event => {
    // the stream repeats the last comparison every second; redraw only what changed, so that a
    // finished comparison's figures can be selected and their tooltips read
    if (event.data !== shownLoad) {
      shownLoad = event.data;
      showLoad(JSON.parse(event.data));
    }
  });
  stream.addEventListener("open", () => {
    // a reconnection may follow a restart of the server, which ends every session
    if (streamOpenedBefore) {
      loadSession();
    }
    streamOpenedBefore = true;
  });
  stream.onerror = () => {
    const state = document.getElementById("tile-state");
    state.textContent = "Reconnecting";
    state.className = "unreachable";
  };
}

// A browser opens at most six HTTP/1.1 connections to one server, and every open dashboard holds
// one for its stream: a tab that nobody looks at closes its stream, and reopens it (with the last
// two minutes) when shown again, so that many tabs never starve the others' requests.
document.addEventListener("visibilitychange", () => {
  if (document.hidden && stream) {
    stream.close();
    stream = null;
  } else if (!document.hidden && !stream) {
    connect();
  }
});

loadSession();
connect();
