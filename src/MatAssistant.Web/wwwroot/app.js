// The chat page: sends questions to /api/ask/stream, shows the streamed text, then the answer as the server rendered it,
// with its citations, plots and candidate tables. Everything it shows comes from the answer's JSON; nothing is computed here.
"use strict";

const messages = document.getElementById("messages");
const form = document.getElementById("ask-form");
const question = document.getElementById("question");
let chat = sessionStorage.getItem("matassist-chat") || "";

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function addMessage(kind, text) {
  const node = element("div", { class: "message " + kind }, text);
  messages.appendChild(node);
  node.scrollIntoView({ block: "end" });
  return node;
}

// Server-sent events over a POST body (EventSource can only GET): frames separated by a blank line.
async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      yield { name, data: JSON.parse(data.join("\n")) };
    }
  }
}

async function ask(text) {
  addMessage("user", text);
  const bubble = addMessage("assistant");
  const streaming = element("div", { class: "streaming" });
  bubble.appendChild(streaming);
  let html = null;
  try {
    const response = await fetch("/api/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(chat ? { question: text, chat } : { question: text }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: response.statusText }));
      throw new Error(body.error);
    }
    for await (const event of events(response)) {
      if (event.name === "chat") {
        chat = event.data.chat;
        sessionStorage.setItem("matassist-chat", chat);
      } else if (event.name === "text") {
        streaming.textContent += event.data.text;
      } else if (event.name === "html") {
        html = event.data.html;
      } else if (event.name === "answer") {
        renderAnswer(bubble, event.data, html);
      } else if (event.name === "error") {
        throw new Error(event.data.error);
      }
    }
  } catch (error) {
    bubble.classList.add("error");
    bubble.textContent = "Error: " + error.message;
  }
  bubble.scrollIntoView({ block: "end" });
}

function renderAnswer(bubble, answer, html) {
  bubble.textContent = "";
  const body = element("div", { class: "answer" });
  // The server renders the Markdown (Markdig); citation markers [n] become links to their quotes.
  const ids = new Set(answer.citations.map(c => String(c.id)));
  body.innerHTML = (html ?? "").replace(/\[(\d+)\]/g, (match, id) => ids.has(id) ? `<a class="cite" data-cite="${id}">[${id}]</a>` : match);
  bubble.appendChild(body);

  if (answer.citations.length > 0) {
    const list = element("ol", { class: "sources" });
    for (const c of answer.citations) {
      const item = element("li", { value: c.id });
      const toggle = element("button", { type: "button", class: "source", "data-cite": c.id }, `${c.title} — ${c.section}`);
      const quote = element("blockquote", { class: "quote", hidden: "" });
      quote.appendChild(element("div", {}, `“${c.readable_quote ?? c.quote}”`));
      quote.appendChild(element("div", { class: "muted" }, `${c.document}, section “${c.section}”${c.page ? `, page ${c.page}` : ""}, characters ${c.start}–${c.end}`));
      toggle.addEventListener("click", () => { quote.hidden = !quote.hidden; });
      item.append(toggle, quote);
      list.appendChild(item);
    }
    bubble.appendChild(list);
    body.querySelectorAll("a.cite").forEach(link => link.addEventListener("click", () => {
      const toggle = list.querySelector(`button[data-cite="${link.dataset.cite}"]`);
      const quote = toggle.nextElementSibling;
      quote.hidden = false;
      quote.scrollIntoView({ block: "nearest" });
    }));
  }

  for (const path of answer.artifacts) {
    const name = path.split(/[\\/]/).pop();
    if (/\.(png|svg)$/i.test(name)) bubble.appendChild(element("img", { class: "plot", src: "/api/files/" + encodeURIComponent(name), alt: "plot " + name }));
  }

  for (const call of answer.tool_calls) {
    const rows = call.result && (call.result.candidates || (call.tool === "compositions_screen" ? call.result.results : null));
    if (rows && rows.length > 0) bubble.appendChild(candidateTable(rows, call.tool));
  }

  if (answer.tool_calls.length > 0) {
    bubble.appendChild(element("div", { class: "muted" }, "tools: " + answer.tool_calls.map(t => t.tool + (t.ok ? "" : " (failed)")).join(", ") + " · backend: " + answer.backend));
  }
}

function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  return String(value);
}

// One row per candidate: the formula, the verdicts and each prediction as mean ± σ, sortable and downloadable as CSV.
function candidateTable(rows, tool) {
  const properties = [...new Set(rows.flatMap(r => Object.keys(r.predictions || {})))];
  const columns = [
    ["formula", r => r.formula],
    ["valid", r => r.valid],
    ["known", r => r.known],
    ["rank", r => r.rank],
    ...properties.flatMap(p => [[p, r => r.predictions?.[p]?.mean], [p + " σ", r => r.predictions?.[p]?.std]]),
    ["reason", r => r.reason ?? r.error],
  ].filter(([, get]) => rows.some(r => get(r) !== undefined && get(r) !== null));
  const wrapper = element("div", { class: "table" });
  const table = element("table", { class: "candidates", "data-tool": tool });
  const head = element("tr");
  columns.forEach(([name], index) => {
    const th = element("th", { scope: "col", "data-column": index }, name);
    th.addEventListener("click", () => sortBy(table, index, th));
    head.appendChild(th);
  });
  table.appendChild(element("thead")).appendChild(head);
  const tbody = table.appendChild(element("tbody"));
  for (const row of rows) {
    const tr = element("tr");
    for (const [, get] of columns) {
      const value = get(row);
      const td = element("td", {}, cell(value));
      if (typeof value === "number") td.dataset.value = value;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  const download = element("button", { type: "button", class: "csv" }, "Download CSV");
  download.addEventListener("click", () => {
    const quote = s => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    const lines = [columns.map(([name]) => quote(name)).join(",")];
    for (const tr of tbody.rows) lines.push([...tr.cells].map(td => quote(td.dataset.value ?? td.textContent)).join(","));
    const link = element("a", { href: URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" })), download: `${tool}.csv` });
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  wrapper.append(table, download);
  return wrapper;
}

function sortBy(table, index, th) {
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach(h => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const tbody = table.tBodies[0];
  const key = tr => {
    const td = tr.cells[index];
    return td.dataset.value !== undefined ? Number(td.dataset.value) : td.textContent;
  };
  const rows = [...tbody.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });
  rows.forEach(r => tbody.appendChild(r));
}

form.addEventListener("submit", event => {
  event.preventDefault();
  const text = question.value.trim();
  if (!text) return;
  question.value = "";
  ask(text);
});

question.addEventListener("keydown", event => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

document.getElementById("new-chat").addEventListener("click", async () => {
  if (chat) await fetch("/api/chat/reset", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ chat }) });
  chat = "";
  sessionStorage.removeItem("matassist-chat");
  messages.textContent = "";
});

// Uploads go to /api/ingest as multipart/form-data; XHR reports the upload's progress, the server then indexes the files.
document.getElementById("upload-form").addEventListener("submit", event => {
  event.preventDefault();
  const files = document.getElementById("files").files;
  const status = document.getElementById("upload-status");
  const progress = document.getElementById("upload-progress");
  if (files.length === 0) { status.textContent = "Choose one or more files first."; return; }
  const data = new FormData();
  for (const file of files) data.append("files", file, file.name);
  data.append("collection", document.getElementById("collection").value || "papers");
  const request = new XMLHttpRequest();
  request.open("POST", "/api/ingest");
  progress.hidden = false;
  progress.value = 0;
  status.textContent = "Uploading…";
  request.upload.onprogress = e => { if (e.lengthComputable) progress.value = 100 * e.loaded / e.total; };
  request.upload.onload = () => { progress.value = 100; status.textContent = "Indexing…"; };
  request.onload = () => {
    const body = JSON.parse(request.responseText || "{}");
    if (request.status !== 200) { status.textContent = "Error: " + body.error; return; }
    const errors = body.errors.map(e => `${e.path}: ${e.message}`).join("; ");
    status.textContent = `Indexed: ${body.names.filter(n => [...files].some(f => f.name === n)).join(", ") || "nothing new"} (${body.documents} documents in the index)` + (errors ? ` — not read: ${errors}` : "");
    status.dataset.done = "true";
  };
  request.onerror = () => { status.textContent = "Upload failed: the server could not be reached."; };
  request.send(data);
});

fetch("/api/health").then(r => r.json()).then(h => {
  document.getElementById("backend").textContent = `${h.backend} backend · ${h.documents} documents`;
});
