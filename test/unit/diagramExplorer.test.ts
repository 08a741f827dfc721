import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { diagramFileName, edgeEnds, exportableSvg, graphName, matchNodes, panViewBox, parseViewBox, zoomViewBox, MAX_ZOOM, MIN_ZOOM } from '../../client/webview/diagramModel';
import { GraphvizService } from '../../server/src/graphviz/service';
import { createLanguageService } from '../../server/src/languageService';
import { RstPreviewRenderer } from '../../server/src/render/renderPreview';

/**
 * The pure parts of the diagram explorer and of diagram export, on drawings made by the real renderer and the
 * real Graphviz (wasm): the edges of a node, node search, zoom and pan, the export's name and content.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SEED = path.resolve(ROOT, '../shared/corpus/seed/ha.rst');
const graphviz = new GraphvizService();
after(() => graphviz.dispose());

async function seedDrawings(): Promise<string[]> {
  const service = createLanguageService();
  const text = fs.readFileSync(SEED, 'utf8');
  const uri = 'file:///seed/ha.rst';
  const rendered = await new RstPreviewRenderer({ graphviz }).render(service.parse({ uri, version: 1, getText: () => text }), { uri, interactive: true });
  return Object.values(rendered.diagrams);
}

const titles = (svg: string, kind: string) =>
  [...svg.matchAll(new RegExp(`<g\\b[^>]*class="${kind}"[^>]*>\\s*<title>([^<]*)</title>`, 'g'))].map((m) => m[1].replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));

describe('export of a diagram', () => {
  test('the seed guide\'s first diagram is named after its graph and loses the preview\'s internal attributes', async () => {
    const [svg] = await seedDrawings();
    assert.ok(svg.includes('data-dot-line='), 'the preview\'s drawing carries the DOT positions (the positive control)');
    assert.equal(graphName(svg), 'APIHA');
    assert.equal(diagramFileName(svg, 'diagram-1'), 'APIHA');
    const out = exportableSvg(svg.replace('class="node"', 'class="node hg-selected"'));
    assert.ok(out.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg'), out.slice(0, 80));
    assert.doesNotMatch(out, /data-dot-|data-[a-z]/);
    assert.doesNotMatch(out, /\bhg-/);
    assert.match(out, /<g [^>]*class="node"/);
    assert.match(out, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Everything else is kept: the same elements in the same order.
    const tags = (s: string) => [...s.matchAll(/<([a-z]+)\b/g)].map((m) => m[1]).join(' ');
    assert.equal(tags(out), tags(svg));
  });

  test('an anonymous graph falls back to the given name; names are safe for a file', () => {
    assert.equal(graphName('<svg><g id="graph0" class="graph" transform="x"><title>%3</title></g></svg>'), undefined);
    assert.equal(diagramFileName('<svg><g class="graph"><title>%0</title></g></svg>', 'ha-diagram'), 'ha-diagram');
    assert.equal(diagramFileName('<svg><g class="graph"><title>my graph/x</title></g></svg>', 'f'), 'my-graph-x');
    assert.equal(diagramFileName(undefined, ''), 'diagram');
  });
});

describe('edges of a node', () => {
  test('every edge of the seed\'s drawings joins two of their nodes', async () => {
    let edges = 0;
    for (const svg of await seedDrawings()) {
      const nodes = new Set(titles(svg, 'node'));
      for (const t of titles(svg, 'edge')) {
        const ends = edgeEnds(t, nodes);
        assert.ok(ends, `edge ${t}`);
        assert.equal(`${ends.tail}->${ends.head}`, t);
        edges++;
      }
    }
    assert.ok(edges > 10, `${edges} edges`);
  });

  test('ports, undirected edges and names containing the operator', () => {
    const nodes = new Set(['a', 'b', 'x->y', 'c']);
    assert.deepEqual(edgeEnds('a:p1->b:s', nodes), { tail: 'a', head: 'b' });
    assert.deepEqual(edgeEnds('a--b', nodes), { tail: 'a', head: 'b' });
    assert.deepEqual(edgeEnds('x->y->c', nodes), { tail: 'x->y', head: 'c' });
    assert.equal(edgeEnds('a->zz', nodes), undefined);
  });
});

describe('search and zoom', () => {
  test('search matches names and labels, case- and space-insensitive; an empty query matches nothing', () => {
    const nodes = [
      { name: 'API Server 1', label: 'API Server 1' },
      { name: 'lb', label: 'L7 Load   Balancers' },
      { name: 'db', label: 'Database' },
    ];
    assert.deepEqual(matchNodes('api', nodes), ['API Server 1']);
    assert.deepEqual(matchNodes('load balancers', nodes), ['lb']);
    assert.deepEqual(matchNodes('  ', nodes), []);
    assert.deepEqual(matchNodes('zzz', nodes), []);
  });

  test('zoom keeps the point under the pointer and stays within its limits; pan follows the pointer', () => {
    const full = parseViewBox('0 0 400 200')!;
    const z = zoomViewBox(full, full, 2, 0.25, 0.5);
    assert.deepEqual(z, { x: 50, y: 50, width: 200, height: 100 });
    let v = full;
    for (let i = 0; i < 100; i++) v = zoomViewBox(v, full, 2);
    assert.equal(v.width, full.width / MAX_ZOOM);
    for (let i = 0; i < 100; i++) v = zoomViewBox(v, full, 0.5);
    assert.equal(v.width, full.width / MIN_ZOOM);
    // A view 200 units wide shown 400 pixels wide: a drag of 100 px right moves it 50 units left.
    assert.deepEqual(panViewBox(z, 100, -40, 400), { x: 0, y: 70, width: 200, height: 100 });
    assert.equal(parseViewBox('0 0 0 10'), undefined);
    assert.equal(parseViewBox('a b c d'), undefined);
  });
});
