// A synthetic HA guide of an exact number of lines, for the benchmark: the constructs of a real one
// (sections, bullet/enumerated/definition/field lists, grid and simple tables, admonitions, code blocks,
// graphviz blocks, literal blocks, targets, references, substitutions), repeated with variations.
// Deterministic: the same arguments give the same text. Meant to be clean RST (Sphinx would build it
// without a warning), so a correct checker reports nothing.
//
//   node test/bench/generateGuide.mjs [lines] > guide.rst

/** A small seeded PRNG (mulberry32): deterministic variation without a dependency. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'designate central worker producer mdns api pool zone record server database cache coordination ' +
  'backend load balancer active standby failover quorum replica heartbeat lock driver tooz memcached ' +
  'redis zookeeper etcd health check timeout retry interval notification queue amqp rabbitmq cluster'
).split(' ');

function sentence(rnd, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}

function underline(title, ch) {
  return ch.repeat(title.length);
}

function chunk(i, rnd) {
  const title = `Service ${i}`;
  const sub = `Needs access for service ${i}`;
  const notes = `Notes on service ${i}`;
  const prev = i > 1 ? `Service ${i - 1}` : 'Overview';
  const cell = (s, w) => s.padEnd(w);
  const servers = 2 + Math.floor(rnd() * 3);
  const nodes = Array.from({ length: servers }, (_, k) => `"Server ${i}.${k + 1}"`);
  return [
    `.. _svc-${i}:`,
    '',
    title,
    underline(title, '='),
    '',
    `${sentence(rnd, 12)} It runs behind ${'`'}${prev}${'`'}_ and follows :ref:${'`'}svc-${Math.max(1, i - 1)}${'`'}`,
    `with *emphasis*, **strong text**, ${'``'}designate-manage pool update${'``'} and |product| on |host-${i}|.`,
    `See the ${'`'}driver list ${i}${'`'}_ and ${'`'}the upstream notes <https://example.org/ha/${i}>${'`'}__ for details.`,
    '',
    sub,
    underline(sub, '-'),
    '',
    '* AMQP',
    `* Database ${'``'}mysql-${i}${'``'}, with a long item that`,
    '  continues on a second line',
    '* Coordination',
    '',
    '#. Stop the service.',
    '#. Update the configuration.',
    '#. Start the service again.',
    '',
    `heartbeat ${i}`,
    `   ${sentence(rnd, 8)}`,
    `failover ${i}`,
    `   ${sentence(rnd, 6)}`,
    '',
    `:Service: designate-${i}`,
    `:Replicas: ${servers}`,
    '',
    '.. graphviz::',
    '',
    `   digraph HA${i} {`,
    '     rankdir=LR',
    `     "Load Balancer ${i}" [shape=box]`,
    `     "Database ${i}" [shape=cylinder]`,
    `     subgraph cluster_${i} {`,
    `       label="Servers ${i}";`,
    ...nodes.map((n) => `       ${n} [shape=box];`),
    '     }',
    `     "Load Balancer ${i}" -> {${nodes.join(' ')}} -> "Database ${i}";`,
    '   }',
    '',
    '+------------+----------------+',
    '| Option     | Value          |',
    '+============+================+',
    `| workers    | ${cell(String(servers), 14)} |`,
    '+------------+----------------+',
    `| host       | ${cell(`ns${i}.example`, 14)} |`,
    '+------------+----------------+',
    '',
    '=========  ==========',
    'Setting    Default',
    '=========  ==========',
    `timeout    ${10 + i % 50}`,
    'retries    3',
    '=========  ==========',
    '',
    notes,
    underline(notes, '-'),
    '',
    '.. note::',
    '',
    `   ${sentence(rnd, 10)}`,
    '',
    'Run the following::',
    '',
    `   $ designate-manage pool update --file pools-${i}.yaml`,
    '',
    '.. code-block:: ini',
    '',
    '   [coordination]',
    `   backend_url = kazoo://zk${i}.example:2181`,
    '',
    `.. |host-${i}| replace:: ns${i}.example.org`,
    `.. _driver list ${i}: https://example.org/drivers/${i}`,
    '',
  ];
}

/** Exactly `lineCount` lines (joined with `\n`, ending with a newline). */
export function generateGuide(lineCount = 10000, seed = 20261125) {
  const rnd = prng(seed);
  const lines = ['.. _ha-overview:', '', '========', 'Overview', '========', '', sentence(rnd, 14), '', '.. |product| replace:: Designate', ''];
  for (let i = 1; ; i++) {
    const next = chunk(i, rnd);
    if (lines.length + next.length > lineCount) break;
    lines.push(...next);
  }
  // Fill up with one-line paragraphs separated by blank lines.
  while (lines.length < lineCount) {
    lines.push(sentence(rnd, 9));
    if (lines.length < lineCount) lines.push('');
  }
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(generateGuide(Number(process.argv[2] ?? 10000)));
}
