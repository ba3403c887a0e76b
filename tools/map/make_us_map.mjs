// Builds ../../sitegen/us_map.json: one SVG path per state (50 states and DC) from us-atlas's
// states-albers-10m.json, which is already projected (d3.geoAlbersUsa, Alaska and Hawaii inset)
// to a 975×610 viewport. See README.md beside this file.
//
// Usage: cd tools/map && npm ci && node make_us_map.mjs
// The output depends only on the pinned packages: the same bytes on every run.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const atlasDir = join(here, "node_modules", "us-atlas");
const outPath = join(here, "..", "..", "sitegen", "us_map.json");

const WIDTH = 975;
const HEIGHT = 610;

// FIPS state code -> [lower-case postal code, name as us-atlas spells it]. The names are checked
// against the data so a wrong FIPS code here fails loudly.
const STATES = {
  "01": ["al", "Alabama"],
  "02": ["ak", "Alaska"],
  "04": ["az", "Arizona"],
  "05": ["ar", "Arkansas"],
  "06": ["ca", "California"],
  "08": ["co", "Colorado"],
  "09": ["ct", "Connecticut"],
  "10": ["de", "Delaware"],
  "11": ["dc", "District of Columbia"],
  "12": ["fl", "Florida"],
  "13": ["ga", "Georgia"],
  "15": ["hi", "Hawaii"],
  "16": ["id", "Idaho"],
  "17": ["il", "Illinois"],
  "18": ["in", "Indiana"],
  "19": ["ia", "Iowa"],
  "20": ["ks", "Kansas"],
  "21": ["ky", "Kentucky"],
  "22": ["la", "Louisiana"],
  "23": ["me", "Maine"],
  "24": ["md", "Maryland"],
  "25": ["ma", "Massachusetts"],
  "26": ["mi", "Michigan"],
  "27": ["mn", "Minnesota"],
  "28": ["ms", "Mississippi"],
  "29": ["mo", "Missouri"],
  "30": ["mt", "Montana"],
  "31": ["ne", "Nebraska"],
  "32": ["nv", "Nevada"],
  "33": ["nh", "New Hampshire"],
  "34": ["nj", "New Jersey"],
  "35": ["nm", "New Mexico"],
  "36": ["ny", "New York"],
  "37": ["nc", "North Carolina"],
  "38": ["nd", "North Dakota"],
  "39": ["oh", "Ohio"],
  "40": ["ok", "Oklahoma"],
  "41": ["or", "Oregon"],
  "42": ["pa", "Pennsylvania"],
  "44": ["ri", "Rhode Island"],
  "45": ["sc", "South Carolina"],
  "46": ["sd", "South Dakota"],
  "47": ["tn", "Tennessee"],
  "48": ["tx", "Texas"],
  "49": ["ut", "Utah"],
  "50": ["vt", "Vermont"],
  "51": ["va", "Virginia"],
  "53": ["wa", "Washington"],
  "54": ["wv", "West Virginia"],
  "55": ["wi", "Wisconsin"],
  "56": ["wy", "Wyoming"],
};

function fail(message) {
  console.error(`make_us_map: ${message}`);
  process.exit(1);
}

// Round to one decimal place; never "-0".
function round(v) {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? 0 : r;
}

// Sutherland–Hodgman clip of one closed ring (first point not repeated) against one edge.
function clipEdge(ring, inside, intersect) {
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const cur = ring[i];
    const prev = ring[(i + ring.length - 1) % ring.length];
    const curIn = inside(cur);
    const prevIn = inside(prev);
    if (curIn) {
      if (!prevIn) out.push(intersect(prev, cur));
      out.push(cur);
    } else if (prevIn) {
      out.push(intersect(prev, cur));
    }
  }
  return out;
}

const atX = (a, b, x) => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const atY = (a, b, y) => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

// The projection puts the westernmost Aleutian Islands a little left of x = 0; clip every ring
// to the viewBox, as a browser showing the viewBox would, so that no coordinate lies outside it.
function clipToViewBox(ring) {
  let r = ring;
  r = clipEdge(r, (p) => p[0] >= 0, (a, b) => atX(a, b, 0));
  r = clipEdge(r, (p) => p[0] <= WIDTH, (a, b) => atX(a, b, WIDTH));
  r = clipEdge(r, (p) => p[1] >= 0, (a, b) => atY(a, b, 0));
  r = clipEdge(r, (p) => p[1] <= HEIGHT, (a, b) => atY(a, b, HEIGHT));
  return r;
}

// Twice the signed area of a ring (shoelace); its sign is the ring's winding.
function area2(ring) {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % n];
    s += x0 * y1 - x1 * y0;
  }
  return s;
}

// Area-weighted centroid of a polygon (outer ring plus holes, holes wound the other way).
function polygonCentroid(polygon) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of polygon) {
    for (let i = 0, n = ring.length; i < n; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[(i + 1) % n];
      const c = x0 * y1 - x1 * y0;
      a += c;
      cx += (x0 + x1) * c;
      cy += (y0 + y1) * c;
    }
  }
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

// Rounded, clipped rings with consecutive duplicates (and a closing repeat) dropped; rings that
// collapse to fewer than three points, or to no area, are dropped.
function cleanRing(ring) {
  const pts = [];
  for (const p of clipToViewBox(ring.slice(0, -1))) {
    const q = [round(p[0]), round(p[1])];
    const last = pts[pts.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
  }
  while (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) {
    pts.pop();
  }
  if (pts.length < 3 || area2(pts) === 0) return null;
  return pts;
}

function pathData(polygons) {
  const parts = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      parts.push("M" + ring.map(([x, y]) => `${x},${y}`).join(" ") + "Z");
    }
  }
  return parts.join("");
}

const atlasPkg = JSON.parse(readFileSync(join(atlasDir, "package.json"), "utf8"));
const topology = JSON.parse(readFileSync(join(atlasDir, "states-albers-10m.json"), "utf8"));
const collection = feature(topology, topology.objects.states);

const paths = {};
const labels = {};
let dropped = 0;
for (const f of collection.features) {
  const entry = STATES[f.id];
  if (!entry) fail(`unexpected state id ${JSON.stringify(f.id)} (${f.properties?.name})`);
  const [code, name] = entry;
  if (f.properties?.name !== name) fail(`FIPS ${f.id}: expected ${name}, data says ${f.properties?.name}`);
  if (paths[code]) fail(`duplicate state ${code}`);
  const g = f.geometry;
  const raw = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : null;
  if (!raw) fail(`${code}: unexpected geometry type ${g.type}`);

  const polygons = [];
  for (const polygon of raw) {
    // A polygon whose outer ring vanishes (wholly outside the viewBox, or a sliver that rounds to
    // no area, like one degenerate two-point ring in Delaware's data) is dropped with its holes.
    const outer = cleanRing(polygon[0]);
    if (!outer) {
      dropped += 1;
      continue;
    }
    const holes = polygon.slice(1).map(cleanRing).filter((r) => r !== null);
    polygons.push([outer, ...holes]);
  }
  if (!polygons.length) fail(`${code}: no geometry left`);
  paths[code] = pathData(polygons);

  // Label point: the centroid of the state's largest polygon (its main landmass), so that
  // Hawaii's label sits on an island and Michigan's on the Lower Peninsula.
  let best = null;
  for (const polygon of polygons) {
    const c = polygonCentroid(polygon);
    if (!best || c.area > best.area) best = c;
  }
  labels[code] = [round(best.x), round(best.y)];
}

const codes = Object.keys(paths).sort();
if (codes.length !== 51) fail(`expected 51 states and DC, got ${codes.length}`);

const q = JSON.stringify;
const lines = [
  "{",
  `  "source": ${q(
    `us-atlas ${atlasPkg.version}, states-albers-10m.json: U.S. Census Bureau cartographic boundary files, ` +
      "2017 edition, 1:10,000,000, projected with d3.geoAlbersUsa to 975x610 (Alaska and Hawaii inset); " +
      "coordinates rounded to 0.1 and clipped to the viewBox",
  )},`,
  `  "licence": ${q(
    "us-atlas: ISC License, Copyright 2013-2019 Michael Bostock. " +
      "Boundary data: U.S. Census Bureau, a work of the U.S. Government, public domain.",
  )},`,
  `  "viewBox": ${q(`0 0 ${WIDTH} ${HEIGHT}`)},`,
  '  "states": {',
  codes.map((c) => `    ${q(c)}: ${q(paths[c])}`).join(",\n"),
  "  },",
  '  "labels": {',
  codes.map((c) => `    ${q(c)}: [${labels[c][0]}, ${labels[c][1]}]`).join(",\n"),
  "  }",
  "}",
  "",
];
const text = lines.join("\n");
JSON.parse(text); // never write something that is not JSON
writeFileSync(outPath, text);
console.log(
  `wrote ${outPath}: ${codes.length} states, ${Buffer.byteLength(text)} bytes` +
    (dropped ? `; ${dropped} polygon(s) outside the viewBox or of no area dropped` : ""),
);
