// The ecosystem map drawn with Cytoscape.js; the tables on the page hold the same data
// for everyone without JavaScript. No inline script or style: the page's CSP forbids them.
const section = document.getElementById("lc-graph-section");

const TYPE_COLOURS = {
  developer: "#2f6f8f",
  funder: "#8a5a00",
  decision_maker: "#6b4f8f",
  knowledge_producer: "#3d7a3a",
  network_coordinator: "#a23b3b",
};

function elementsOf(data) {
  const ids = new Map(data.elements.map((e) => [e.label, `n${e.id}`]));
  const nodes = data.elements.map((e) => ({ data: { ...e, id: ids.get(e.label) } }));
  const edges = data.connections
    .filter((c) => c.status === "confirmed")
    .map((c) => ({
      data: { ...c, id: `e${c.id}`, source: ids.get(c.from), target: ids.get(c.to) },
    }));
  return [...nodes, ...edges];
}

function showDetails(panel, node) {
  const d = node.data();
  panel.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = d.label;
  panel.append(title);
  const facts = document.createElement("p");
  facts.textContent = [d.type, d.sector].filter(Boolean).join(" · ");
  panel.append(facts);
  if (d.tags.length) {
    const themes = document.createElement("p");
    themes.textContent = `${panel.dataset.themesLabel} ${d.tags.join(", ")}`;
    panel.append(themes);
  }
  const neighbours = node.neighborhood("node").map((n) => n.data("label"));
  if (neighbours.length) {
    const relations = document.createElement("p");
    relations.textContent = `${panel.dataset.relationsLabel} ${neighbours.join(", ")}`;
    panel.append(relations);
  }
  if (d.profile_url) {
    const link = document.createElement("a");
    link.href = d.profile_url;
    link.textContent = `${panel.dataset.profileLabel}: ${d.user}`;
    panel.append(link);
  }
  panel.hidden = false;
}

function applyFilters(cy, filters, container) {
  const wanted = Object.fromEntries(filters.map((f) => [f.dataset.filter, f.value]));
  let visible = 0;
  cy.nodes().forEach((node) => {
    const d = node.data();
    const shown =
      (!wanted.type || d.type === wanted.type) &&
      (!wanted.sector || d.sector === wanted.sector) &&
      (!wanted.theme || d.tags.includes(wanted.theme));
    node.style("display", shown ? "element" : "none");
    visible += shown ? 1 : 0;
  });
  container.dataset.visibleCount = String(visible);
}

function recordPositions(cy, container) {
  const positions = {};
  cy.nodes().forEach((node) => {
    const p = node.renderedPosition();
    positions[node.data("label")] = [Math.round(p.x), Math.round(p.y)];
  });
  container.dataset.positions = JSON.stringify(positions);
  container.dataset.nodeCount = String(cy.nodes().length);
}

async function draw() {
  const [{ default: cytoscape }, response] = await Promise.all([
    import(section.dataset.library),
    fetch(section.dataset.src, { credentials: "same-origin" }),
  ]);
  const data = await response.json();
  section.hidden = false;
  const container = document.getElementById("lc-graph");
  const panel = document.getElementById("lc-node-details");
  const cy = cytoscape({
    container,
    elements: elementsOf(data),
    layout: { name: data.elements.length > 1 ? "cose" : "grid", animate: false, randomize: false },
    userZoomingEnabled: false,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "background-color": (n) => TYPE_COLOURS[n.data("type")] || "#555",
          "font-size": 10,
          "text-wrap": "wrap",
          "text-max-width": 90,
          width: 22,
          height: 22,
        },
      },
      { selector: "node[kind = 'person']", style: { shape: "ellipse" } },
      { selector: "node[kind = 'organisation']", style: { shape: "round-rectangle" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#111" } },
      {
        selector: "edge",
        style: { width: "mapData(strength, 1, 3, 1, 5)", "line-color": "#888", "curve-style": "bezier" },
      },
      {
        selector: "edge[direction = 'directed']",
        style: { "target-arrow-shape": "triangle", "target-arrow-color": "#888" },
      },
    ],
  });
  cy.on("tap", "node", (event) => showDetails(panel, event.target));
  cy.on("layoutstop render", () => recordPositions(cy, container));
  recordPositions(cy, container);
  const filters = [...section.querySelectorAll("[data-filter]")];
  for (const filter of filters) filter.addEventListener("change", () => applyFilters(cy, filters, container));
}

if (section) {
  draw().catch(() => {
    // Without the graph library the tables below still hold the whole map.
    section.hidden = true;
  });
}
