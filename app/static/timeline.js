/* The timeline page: reads GET /v1/events with the form's filters, shows the events on a vis-timeline and in a
   list; an event opens to its sources, with the evidence sentence and its date expression highlighted. */
"use strict";

(function () {
  const MAX_EVENTS = 2000; // pages of 200, read one after the other
  const form = document.getElementById("filters");
  const statusEl = document.getElementById("status");
  const list = document.getElementById("events");
  const detail = document.getElementById("detail");
  const items = new vis.DataSet();
  const timeline = new vis.Timeline(document.getElementById("timeline"), items, {
    stack: true, zoomable: true, maxHeight: 420, margin: { item: 6 }, tooltip: { followMouse: true },
  });
  let events = new Map();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  // vis-timeline renders an item's content and title as HTML: article text is escaped
  const esc = (text) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  function dayAfter(iso) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  function params() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) p.append(k, String(v).trim());
    return p;
  }

  async function load() {
    const p = params();
    history.replaceState(null, "", p.toString() ? "?" + p : location.pathname);
    statusEl.textContent = "Loading…";
    const got = [];
    let cursor = null;
    try {
      do {
        const q = new URLSearchParams(p);
        q.set("limit", "200");
        if (cursor) q.set("cursor", cursor);
        const r = await fetch("/v1/events?" + q);
        const body = await r.json();
        if (!r.ok) throw new Error(body.detail || r.statusText);
        got.push(...body.items);
        cursor = body.next_cursor;
      } while (cursor && got.length < MAX_EVENTS);
    } catch (e) {
      statusEl.textContent = "Error: " + e.message;
      return;
    }
    show(got, Boolean(cursor));
  }

  function show(got, more) {
    events = new Map(got.map((e) => [e.id, e]));
    items.clear();
    items.add(got.map((e) => {
      const ranged = e.date.start !== e.date.end;
      return {
        id: e.id, content: esc(e.summary.length > 60 ? e.summary.slice(0, 57) + "…" : e.summary),
        title: esc(`${e.date.value}: ${e.summary}`), start: e.date.start,
        ...(ranged ? { end: dayAfter(e.date.end), type: "range" } : { type: "box" }),
      };
    }));
    if (got.length) timeline.fit({ animation: false });
    list.replaceChildren(...got.map((e) => el("li", { "data-event-id": String(e.id), tabindex: "0" },
      el("span", { class: "date" }, e.date.value), e.summary, " ",
      el("span", { class: "count" }, `(${e.sources.length} source${e.sources.length === 1 ? "" : "s"})`))));
    statusEl.textContent = `${got.length} event${got.length === 1 ? "" : "s"}${more ? " (the first " + got.length + ")" : ""}`;
    detail.hidden = true;
  }

  function highlighted(s) {
    // offsets are into the article's text; the sentence starts at sentence_start
    const marks = [[s.expression_start, s.expression_end, "expression"]];
    if (s.trigger_start != null && s.trigger_end > s.trigger_start) marks.push([s.trigger_start, s.trigger_end, "trigger"]);
    marks.sort((a, b) => a[0] - b[0]);
    const out = [];
    let at = 0;
    for (const [start, end, kind] of marks) {
      const a = start - s.sentence_start, b = end - s.sentence_start;
      if (a < at || b > s.sentence.length) continue; // overlapping or outside: left plain
      out.push(s.sentence.slice(at, a), el("mark", { class: kind }, s.sentence.slice(a, b)));
      at = b;
    }
    out.push(s.sentence.slice(at));
    return out;
  }

  function open(id) {
    const e = events.get(id);
    if (!e) return;
    for (const li of list.children) li.classList.toggle("selected", li.dataset.eventId === String(id));
    timeline.setSelection([id], { focus: false });
    const actors = e.actors.map((a) => `${a.name} (${a.role})`).join(", ") || "none named";
    detail.replaceChildren(
      el("h2", {}, e.summary),
      el("div", { class: "meta" }, `${e.date.value} · ${e.date.start}${e.date.end !== e.date.start ? " – " + e.date.end : ""} · `
        + `${e.date.granularity} · dated by ${e.dated_by} · actors: ${actors} · countries: ${e.countries.join(", ") || "none"}`),
      ...e.sources.map((s) => el("div", { class: "source", "data-article-id": String(s.article_id) },
        el("div", {}, el("strong", {}, s.source), ` · published ${s.published_at.slice(0, 10)} · “${s.expression}” = ${s.value} · `,
          el("a", { href: s.url || `/v1/articles/${s.article_id}`, target: "_blank", rel: "noopener" }, s.title || "the article")),
        el("blockquote", { class: "evidence" }, ...highlighted(s)))));
    detail.hidden = false;
  }

  form.addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
  form.addEventListener("reset", () => setTimeout(load, 0));
  list.addEventListener("click", (ev) => {
    const li = ev.target.closest("li[data-event-id]");
    if (li) open(Number(li.dataset.eventId));
  });
  list.addEventListener("keydown", (ev) => {
    const li = ev.target.closest("li[data-event-id]");
    if (li && ev.key === "Enter") open(Number(li.dataset.eventId));
  });
  timeline.on("select", (p) => { if (p.items.length) open(p.items[0]); });

  for (const [k, v] of new URLSearchParams(location.search)) if (form.elements[k]) form.elements[k].value = v;
  load();
})();
