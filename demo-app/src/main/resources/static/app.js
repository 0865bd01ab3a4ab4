// Polls the Actuator endpoint and the sampled rates; renders them into index.html.
const FIELDS = ["parallelism", "blockingConcurrency", "active", "queued", "completed", "failed",
  "cancelled", "rejected", "steals", "parks", "blockingInUse", "blockingWaiting", "timersPending"];

function text(tag, value) {
  const element = document.createElement(tag);
  element.textContent = value;
  return element;
}

function render(snapshot) {
  const state = document.getElementById("state");
  state.textContent = snapshot.state;
  state.className = snapshot.state;
  const cards = document.getElementById("cards");
  cards.replaceChildren(...FIELDS.map(name => {
    const card = text("div", name);
    card.className = "card";
    card.prepend(text("b", snapshot[name]));
    return card;
  }));
  const workers = document.getElementById("workers");
  workers.replaceChildren(...snapshot.workers.map(worker => {
    const row = document.createElement("tr");
    row.append(text("td", worker.name), text("td", worker.state), text("td", worker.queueDepth),
      text("td", worker.compensating ? "yes" : ""));
    return row;
  }));
}

async function refresh() {
  try {
    const snapshot = await fetch("/actuator/moirai").then(response => response.json());
    render(snapshot);
  } catch (error) {
    const state = document.getElementById("state");
    state.textContent = "unreachable";
    state.className = "error";
  }
  try {
    const rates = await fetch("/api/rates");
    if (rates.ok) {
      const samples = (await rates.json()).completedPerSecond;
      document.getElementById("rate").textContent = samples.length ? samples[samples.length - 1] : "-";
    }
  } catch (error) {
    // the rate is optional
  }
}

refresh();
setInterval(refresh, 1000);
