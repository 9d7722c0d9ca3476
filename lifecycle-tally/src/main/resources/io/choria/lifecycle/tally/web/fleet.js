// The fleet page: reads the tally's /api/fleet, /api/nodes and /api/events and keeps itself up to date.
// Everything shown comes from the network (identities, components, versions), so it only ever goes
// into text nodes (textContent) and attribute values (dataset), never into HTML; the server's
// Content-Security-Policy forbids inline script besides.
'use strict';

(() => {
  const FLEET_EVERY_MS = 2000;
  // the feed tells the page when counts change; it asks for them at most once a second, so that open
  // pages cost the tally (and its rate_limit) little: about 1.2 requests a second each with the nodes
  const FLEET_AT_MOST_EVERY_MS = 1000;
  const NODES_EVERY_MS = 5000;
  const PAGE_SIZE = 50;
  const FEED_LENGTH = 50;

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const number = (n) => n.toLocaleString('en-US');
  const clock = (date) => date.toLocaleTimeString([], { hour12: false });

  function ago(date) {
    const s = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
    if (s < 60) return s + 's ago';
    if (s < 3600) return Math.floor(s / 60) + 'm ago';
    return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm ago';
  }

  async function getJson(path, params) {
    const query = params ? '?' + new URLSearchParams(params).toString() : '';
    const response = await fetch(path + query, { cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  }

  // ---- instance and fleet -------------------------------------------------------------------

  const sections = new Map(); // component -> { section, summary, tbody, rows: Map(version -> row) }
  let selected = null; // { component, version }

  function renderInstance(instance, time) {
    const role = instance.election
      ? instance.state + ' in election ' + instance.election
      : 'active (no election)';
    $('instance-state').textContent = role + ' since ' + clock(new Date(instance.since));
    $('instance-state').className = instance.state;
    $('instance-component').textContent = instance.component === '*' ? 'all (*)' : instance.component;
    $('instance-nodes').textContent = number(instance.nodes_tracked);
    $('instance-expiry').textContent = instance.expire_after;
    $('updated').textContent = clock(new Date(time));
  }

  // A limit that refused events in the last RECENT_MS, or holds nodes back now, gets a banner: the
  // counts below leave those nodes or versions out (docs/tally.md, "Limits").
  const RECENT_MS = 10 * 60 * 1000;

  function recent(last, now) {
    return last !== null && now - new Date(last).getTime() < RECENT_MS;
  }

  function refusedSince(count, last) {
    return number(count) + (count === 1 ? ' event' : ' events') + ' refused since the start'
      + (last === null ? '' : ', the last at ' + clock(new Date(last)));
  }

  function renderLimits(limits, time) {
    if (!limits) return;
    const now = new Date(time).getTime();
    const refused = limits.refused_events;
    const last = limits.last_refused;
    const nodesFull = limits.node_places_used >= limits.max_nodes || recent(last.node_limit, now);
    const nodes = $('limit-nodes');
    nodes.hidden = !nodesFull;
    if (nodesFull) {
      nodes.textContent = 'Node limit reached: this tally tracks at most ' + number(limits.max_nodes)
        + ' nodes (--max-nodes, by default what its heap holds), so new nodes are not counted here: '
        + refusedSince(refused.node_limit, last.node_limit) + '.';
    }
    const versionsOver = limits.version_limit_nodes > 0 || recent(last.version_limit, now);
    const versions = $('limit-versions');
    versions.hidden = !versionsOver;
    if (versionsOver) {
      versions.textContent = 'Version limit reached: at most ' + number(limits.max_versions_per_component)
        + ' versions per component are shown (--max-versions); ' + number(limits.version_limit_nodes)
        + (limits.version_limit_nodes === 1 ? ' node on a further version is' : ' nodes on further versions are')
        + ' tracked but not in the tables below: ' + refusedSince(refused.version_limit, last.version_limit) + '.';
    }
    $('limits').hidden = !nodesFull && !versionsOver;
  }

  function componentSection(name) {
    let s = sections.get(name);
    if (s) return s;
    const section = el('section', 'component');
    section.dataset.component = name;
    const title = el('h2', null, name);
    const summary = el('p', 'summary');
    const table = el('table', 'versions');
    const head = el('thead');
    const headRow = el('tr');
    ['Version', 'Nodes', 'Share'].forEach((h) => headRow.appendChild(el('th', null, h)));
    head.appendChild(headRow);
    const tbody = el('tbody');
    table.append(head, tbody);
    section.append(title, summary, table);
    s = { section, summary, tbody, rows: new Map() };
    sections.set(name, s);
    return s;
  }

  function versionRow(s, component, version) {
    let row = s.rows.get(version);
    if (row) return row;
    const tr = el('tr');
    tr.dataset.component = component;
    tr.dataset.version = version;
    tr.tabIndex = 0;
    tr.title = 'List the nodes of ' + component + ' on ' + version;
    const name = el('td', 'version', version);
    const nodes = el('td', 'nodes');
    const share = el('td', 'share');
    const bar = el('span', 'bar');
    const fill = el('span', 'fill');
    const pct = el('span', 'pct');
    bar.appendChild(fill);
    share.append(bar, pct);
    tr.append(name, nodes, share);
    const open = () => selectVersion(component, version);
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    row = { tr, nodes, fill, pct };
    s.rows.set(version, row);
    return row;
  }

  function renderFleet(components) {
    const fleet = $('fleet');
    const seen = new Set();
    for (const c of components) {
      seen.add(c.component);
      const s = componentSection(c.component);
      s.summary.textContent = number(c.nodes) + (c.nodes === 1 ? ' node' : ' nodes') + ', newest version ' + c.newest
        + ': ' + number(c.not_on_newest) + ' not on it';
      const versions = new Set();
      c.versions.forEach((v, i) => {
        versions.add(v.version);
        const row = versionRow(s, c.component, v.version);
        const share = c.nodes > 0 ? (100 * v.nodes) / c.nodes : 0;
        row.nodes.textContent = String(v.nodes);
        row.fill.style.width = share.toFixed(1) + '%';
        row.pct.textContent = share.toFixed(1) + '%';
        row.tr.classList.toggle('newest', i === 0);
        row.tr.classList.toggle('selected', isSelected(c.component, v.version));
        s.tbody.appendChild(row.tr); // moves existing rows into version order without recreating them
      });
      for (const [version, row] of s.rows) {
        if (!versions.has(version)) {
          row.tr.remove();
          s.rows.delete(version);
        }
      }
      fleet.appendChild(s.section);
    }
    for (const [name, s] of sections) {
      if (!seen.has(name)) {
        s.section.remove();
        sections.delete(name);
      }
    }
    $('fleet-empty').hidden = components.length > 0;
  }

  let fleetAt = 0;
  async function refreshFleet() {
    fleetAt = Date.now();
    try {
      const f = await getJson('api/fleet');
      renderInstance(f.instance, f.time);
      renderLimits(f.limits, f.time);
      renderFleet(f.components);
    } catch (e) {
      $('updated').textContent = 'cannot reach the tally: ' + e.message;
    }
  }

  let fleetSoon = null;
  function refreshFleetSoon() {
    if (fleetSoon !== null) return;
    const wait = Math.max(250, fleetAt + FLEET_AT_MOST_EVERY_MS - Date.now());
    fleetSoon = setTimeout(() => { fleetSoon = null; refreshFleet(); }, wait);
  }

  function refreshFleetIfQuiet() {
    if (Date.now() - fleetAt >= FLEET_EVERY_MS - 100) refreshFleet();
  }

  // ---- nodes of one version -----------------------------------------------------------------

  let cursors = [null]; // the "after" of each page seen, for going back
  let searchText = '';

  const isSelected = (component, version) => selected !== null && selected.component === component && selected.version === version;

  function selectVersion(component, version) {
    selected = { component, version };
    cursors = [null];
    searchText = '';
    $('nodes-search').value = '';
    for (const s of sections.values()) {
      for (const row of s.rows.values()) row.tr.classList.toggle('selected', isSelected(row.tr.dataset.component, row.tr.dataset.version));
    }
    $('nodes-title').textContent = component + ' ' + version;
    $('nodes').hidden = false;
    loadNodes();
  }

  async function loadNodes() {
    if (selected === null) return;
    const asked = selected;
    const params = { component: asked.component, version: asked.version, limit: String(PAGE_SIZE) };
    const after = cursors[cursors.length - 1];
    if (after !== null) params.after = after;
    if (searchText) params.contains = searchText;
    let page;
    try {
      page = await getJson('api/nodes', params);
    } catch (e) {
      $('nodes-range').textContent = 'cannot list nodes: ' + e.message;
      return;
    }
    if (asked !== selected) return; // another version was chosen meanwhile
    const tbody = $('nodes-table').tBodies[0];
    const rows = page.nodes.map((n) => {
      const tr = el('tr');
      tr.dataset.identity = n.identity;
      const seen = new Date(n.last_seen);
      const last = el('td', 'last-seen', ago(seen));
      last.title = seen.toISOString();
      tr.append(el('td', 'identity', n.identity), last);
      return tr;
    });
    tbody.replaceChildren(...rows);
    const first = (cursors.length - 1) * PAGE_SIZE;
    $('nodes-range').textContent = page.nodes.length === 0
      ? (searchText ? 'no node matches' : 'no nodes')
      : number(first + 1) + '–' + number(first + page.nodes.length) + ' of ' + number(page.total);
    $('nodes-next').disabled = page.next === null;
    $('nodes-next').dataset.after = page.next === null ? '' : page.next;
    $('nodes-prev').disabled = cursors.length === 1;
  }

  function wireNodes() {
    $('nodes-next').addEventListener('click', () => {
      const after = $('nodes-next').dataset.after;
      if (after) { cursors.push(after); loadNodes(); }
    });
    $('nodes-prev').addEventListener('click', () => {
      if (cursors.length > 1) { cursors.pop(); loadNodes(); }
    });
    $('nodes-close').addEventListener('click', () => {
      selected = null;
      $('nodes').hidden = true;
      for (const s of sections.values()) for (const row of s.rows.values()) row.tr.classList.remove('selected');
    });
    let typing = null;
    $('nodes-search').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        searchText = $('nodes-search').value.trim();
        cursors = [null];
        loadNodes();
      }, 200);
    });
  }

  // ---- live feed ----------------------------------------------------------------------------

  function describe(e) {
    const type = (e.protocol || '').split('.').pop();
    const parts = [];
    if (e.version) parts.push(e.version);
    if (e.new_version) parts.push('→ ' + e.new_version);
    if (e.governor) parts.push(e.governor + ' ' + (e.event_type || ''));
    return { type, detail: parts.join(' ') };
  }

  function addEvent(e) {
    const { type, detail } = describe(e);
    const li = el('li', 'event fresh');
    li.dataset.type = type;
    const when = e.timestamp ? new Date(e.timestamp * 1000) : new Date();
    li.append(el('time', null, clock(when)), el('span', 'type', type), el('span', 'identity', e.identity || ''),
      el('span', 'meta', [e.component || '', detail].filter((x) => x).join(' · ')));
    const feed = $('feed');
    feed.prepend(li);
    while (feed.children.length > FEED_LENGTH) feed.lastElementChild.remove();
    setTimeout(() => li.classList.remove('fresh'), 1500);
  }

  function connectFeed() {
    const status = $('feed-status');
    const source = new EventSource('api/events');
    // the server ends each stream after 20 s and the browser resumes it at once: only a reconnection
    // that takes a while is worth showing
    let lost = null;
    source.onopen = () => {
      clearTimeout(lost);
      lost = null;
      status.textContent = 'live';
      status.className = 'status live';
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) { // refused (e.g. too many streams): the browser gives up, we do not
        clearTimeout(lost);
        status.textContent = 'disconnected, retrying in 10 s';
        status.className = 'status';
        setTimeout(connectFeed, 10000);
        return;
      }
      if (lost === null) {
        lost = setTimeout(() => { status.textContent = 'reconnecting…'; status.className = 'status'; }, 2000);
      }
    };
    source.onmessage = (m) => {
      try {
        addEvent(JSON.parse(m.data));
      } catch (err) {
        return;
      }
      refreshFleetSoon();
    };
    let dropped = 0;
    source.addEventListener('thinned', (m) => {
      dropped += JSON.parse(m.data).dropped;
      const note = $('feed-thinned');
      note.textContent = number(dropped) + ' more events not shown: the feed shows at most 20 a second.';
      note.hidden = false;
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    wireNodes();
    refreshFleet();
    setInterval(refreshFleetIfQuiet, FLEET_EVERY_MS);
    setInterval(loadNodes, NODES_EVERY_MS);
    connectFeed();
  });
})();
