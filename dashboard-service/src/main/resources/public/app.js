// sitewatch dashboard page. No build step. Every piece of user input (site names, URLs, messages) is rendered
// with textContent, never innerHTML.
(function () {
  'use strict';

  const MAX_ALERTS = 200;
  const state = {
    sites: new Map(),      // id -> site row of the `sites` event (what /api/sites answers), with the server's status
    sitesKnown: false,     // a `sites` event came: a site missing from it is not on the targets topic any more
    status: new Map(),     // site -> UP | DOWN | NO_DATA from the alerts, until the first `sites` event
    thresholds: new Map(), // site -> the threshold of its latest alert
    views: new Map(),      // window text -> snapshot
    alerts: new Map(),     // id -> alert
    points: new Map(),     // site -> [{time, avg, p95, max}]
    charts: new Map(),     // site -> {chart, latest}
    shortest: null,        // window text of the shortest view
  };

  // ---- helpers -----------------------------------------------------------------------------------------------

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function durationMs(text) {
    if (!text) return Infinity;
    let total = 0;
    const re = /(\d+)(ms|s|m|h|d)/g;
    let m;
    const unit = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
    while ((m = re.exec(text)) !== null) total += Number(m[1]) * unit[m[2]];
    return total || Infinity;
  }

  function windowLabel(text) {
    const ms = durationMs(text);
    const words = [[864e5, 'day'], [36e5, 'hour'], [6e4, 'minute'], [1e3, 'second']];
    for (const [size, word] of words) {
      if (ms % size === 0) {
        const n = ms / size;
        return 'Past ' + (n === 1 ? word : n + ' ' + word + 's');
      }
    }
    return 'Past ' + text;
  }

  function ms(value) {
    if (value === null || value === undefined) return '—';
    if (value >= 10000) return (value / 1000).toFixed(1) + ' s';
    if (value >= 1000) return (value / 1000).toFixed(2) + ' s';
    return Math.round(value) + ' ms';
  }

  function percent(value) {
    if (value === null || value === undefined) return 'no data';
    const p = value * 100;
    return (Math.round(p * 100) / 100) + '%';
  }

  function ago(iso) {
    if (!iso) return 'never';
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    return Math.floor(s / 3600) + ' h ago';
  }

  function clock(iso) {
    const d = new Date(iso);
    const today = new Date();
    const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return d.toDateString() === today.toDateString() ? time : d.toLocaleDateString() + ' ' + time;
  }

  // The server's status of each site (SiteService: latest alert, then checks in the shortest view) comes with every
  // `sites` event. A site in a stats view but not in the list has been removed from the targets topic: it is not
  // checked any more, so the DOWN of its last alert is no longer true.
  function statusOf(site) {
    const row = state.sites.get(site);
    if (row) return row.status;
    if (state.sitesKnown) return 'REMOVED';
    return state.status.get(site) || 'NO_DATA';
  }

  // Below the site's own threshold (from the sites list, else its latest alert) the availability is shown as bad.
  function thresholdOf(site) {
    const row = state.sites.get(site);
    if (row && typeof row.threshold === 'number') return row.threshold;
    const fromAlert = state.thresholds.get(site);
    return typeof fromAlert === 'number' ? fromAlert : 0.8;
  }

  function statusPill(status) {
    const s = el('span', 'status', status === 'NO_DATA' ? 'NO DATA' : status);
    s.dataset.status = status;
    if (status === 'REMOVED') s.title = 'No longer on the targets topic: not checked any more';
    return s;
  }

  // ---- sites ---------------------------------------------------------------------------------------------------

  function onSites(rows) {
    state.sites = new Map(rows.map(r => [r.id, r]));
    state.sitesKnown = true;
    renderSites();
    renderViews();
  }

  function renderSites() {
    const list = document.getElementById('site-chips');
    const chips = [];
    const counts = { UP: 0, DOWN: 0, NO_DATA: 0 };
    for (const site of [...state.sites.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      const status = statusOf(site.id);
      counts[status] = (counts[status] || 0) + 1;
      const li = el('li', 'chip');
      li.dataset.site = site.id;
      li.dataset.status = status;
      li.title = site.lastAlert || (site.id + ' — checked every ' + site.interval);
      li.append(statusPill(status), el('span', 'name', site.id), el('span', 'url', site.url));
      chips.push(li);
    }
    list.replaceChildren(...chips);
    // "no sites" only once the dashboard has sent its list: until then they are still being read (or Kafka is away)
    document.getElementById('sites-loading').hidden = state.sitesKnown || chips.length > 0;
    document.getElementById('sites-empty').hidden = !state.sitesKnown || chips.length > 0;
    document.getElementById('count-up').textContent = counts.UP;
    document.getElementById('count-down').textContent = counts.DOWN;
    document.getElementById('count-nodata').textContent = counts.NO_DATA;
    document.getElementById('sites-meta').textContent = chips.length + (chips.length === 1 ? ' site' : ' sites');
  }

  // ---- stats views ---------------------------------------------------------------------------------------------

  function onStats(snapshot) {
    state.views.set(snapshot.window, snapshot);
    state.shortest = [...state.views.keys()].sort((a, b) => durationMs(a) - durationMs(b))[0];
    if (snapshot.window === state.shortest && !snapshot.stale && snapshot.report) {
      const at = snapshot.report.to || snapshot.updatedAt;
      for (const s of snapshot.report.sites) {
        const r = s.responseMs || {};
        if (r.avg !== null && r.avg !== undefined) addPoint(s.site, { time: at, avg: r.avg, p95: r.p95, max: r.max });
      }
      renderCharts();
    }
    renderViews();
  }

  function viewSection(windowText) {
    const id = 'view-' + windowText.replace(/[^a-z0-9]/gi, '');
    let section = document.getElementById(id);
    if (!section) {
      section = document.getElementById('view-template').content.firstElementChild.cloneNode(true);
      section.id = id;
      section.dataset.window = windowText;
      section.querySelector('.view-title').textContent = windowLabel(windowText);
      const container = document.getElementById('views');
      const after = [...container.children].find(c => durationMs(c.dataset.window) > durationMs(windowText));
      container.insertBefore(section, after || null);
    }
    return section;
  }

  function renderViews() {
    for (const snapshot of state.views.values()) renderView(snapshot);
  }

  function renderViewMeta(v) {
    const section = viewSection(v.window);
    const stale = v.stale || (v.updatedAt && Date.now() - Date.parse(v.updatedAt) > 2.5 * durationMs(v.refresh));
    section.classList.toggle('is-stale', !!stale);
    section.querySelector('.stale-badge').hidden = !stale;
    const err = section.querySelector('.view-error');
    err.hidden = !v.error;
    err.textContent = v.error ? v.error + (v.report ? ' — showing the data of ' + ago(v.updatedAt) : '') : '';
    section.querySelector('.view-meta').textContent =
        'refreshed every ' + v.refresh + ' · updated ' + ago(v.updatedAt);
    return section;
  }

  function renderView(v) {
    const section = renderViewMeta(v);
    const sites = v.report ? [...v.report.sites].sort((a, b) => a.site.localeCompare(b.site)) : [];
    const rows = sites.map(s => {
      const tr = el('tr');
      tr.dataset.site = s.site;
      const r = s.responseMs || {};
      const t = s.ttfbMs || {};
      const avail = el('td', 'num', percent(s.availability));
      if (s.availability === null || s.availability === undefined) avail.classList.add('muted');
      else if (s.availability < thresholdOf(s.site)) avail.classList.add('avail-bad');
      else if (s.availability < 0.99) avail.classList.add('avail-warn');
      const status = el('td');
      status.append(statusPill(statusOf(s.site)));
      tr.append(el('td', 'site', s.site), status, avail,
          el('td', 'num', ms(r.avg)), el('td', 'num', ms(r.max)), el('td', 'num', ms(r.p95)),
          el('td', 'num', ms(t.avg)), el('td', 'num', ms(t.max)), el('td', 'num', s.checks), codesCell(s));
      tr.cells[0].title = s.site;
      return tr;
    });
    section.querySelector('tbody').replaceChildren(...rows);
    section.querySelector('.view-empty').hidden = rows.length > 0 || !v.report;
  }

  function codesCell(s) {
    const td = el('td', 'codes-cell');
    const box = el('div', 'codes');
    Object.entries(s.statusCodes || {}).sort((a, b) => b[1] - a[1]).forEach(([code, n]) => {
      const c = el('span', 'code c' + String(code).charAt(0), code + ' ×' + n);
      c.title = n + ' responses with HTTP ' + code;
      box.append(c);
    });
    Object.entries(s.errors || {}).filter(([k]) => k !== 'STATUS').sort((a, b) => b[1] - a[1]).forEach(([cls, n]) => {
      const c = el('span', 'code err', cls + ' ×' + n);
      c.title = n + ' checks failed with ' + cls;
      box.append(c);
    });
    if (!box.childElementCount) box.append(el('span', 'muted', '—'));
    td.append(box);
    return td;
  }

  // ---- charts --------------------------------------------------------------------------------------------------

  function addPoint(site, p) {
    const list = state.points.get(site) || [];
    const last = list[list.length - 1];
    if (last && Date.parse(p.time) <= Date.parse(last.time)) return;
    list.push(p);
    while (list.length > 360) list.shift();
    state.points.set(site, list);
  }

  async function loadHistory() {
    try {
      const res = await fetch('/api/stats/history', { headers: { Accept: 'application/json' } });
      if (!res.ok) return;
      const bySite = await res.json();
      for (const [site, points] of Object.entries(bySite)) {
        const merged = (points || []).filter(p => p.avg !== null && p.avg !== undefined)
            .concat(state.points.get(site) || []);
        if (!merged.length) continue;
        state.points.set(site, []);
        merged.sort((a, b) => Date.parse(a.time) - Date.parse(b.time)).forEach(p => addPoint(site, p));
      }
      renderCharts();
    } catch (e) {
      // charts fill in from live events
    }
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // The longest time between two chart points that the line still joins. Points come one per refresh of the shortest
  // view, or one per max(10 s, refresh) from the back-fill; a longer gap means nothing was measured then (sitewatch
  // or its stats service was down), and a line across it would draw a trend nobody saw.
  function chartGapMs() {
    const v = state.views.get(state.shortest);
    const refresh = v ? durationMs(v.refresh) : Infinity;
    return 3 * Math.max(10000, Number.isFinite(refresh) ? refresh : 10000);
  }

  function renderCharts() {
    const container = document.getElementById('charts');
    const sites = [...state.points.keys()].sort();
    const gap = chartGapMs();
    document.getElementById('charts-empty').hidden = sites.length > 0;
    for (const site of sites) {
      const points = state.points.get(site);
      let entry = state.charts.get(site);
      if (!entry) {
        const card = el('div', 'chart');
        card.dataset.site = site;
        const head = el('div', 'chart-head');
        const latest = el('span', 'latest');
        head.append(el('span', 'name', site), latest);
        const box = el('div', 'chart-box');
        const canvas = el('canvas');
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', 'Response time of ' + site);
        box.append(canvas);
        card.append(head, box);
        const after = [...container.children].find(c => c.dataset.site.localeCompare(site) > 0);
        container.insertBefore(card, after || null);
        entry = { chart: window.Chart ? newChart(canvas) : null, latest };
        state.charts.set(site, entry);
      }
      const last = points[points.length - 1];
      entry.latest.textContent = last ? 'avg ' + ms(last.avg) + ' · p95 ' + ms(last.p95) : '';
      if (entry.chart) {
        entry.chart.data.datasets[0].data = points.map(p => ({ x: Date.parse(p.time), y: p.avg }));
        entry.chart.data.datasets[1].data = points.map(p => ({ x: Date.parse(p.time), y: p.p95 }));
        entry.chart.data.datasets.forEach(d => { d.spanGaps = gap; }); // the line breaks where points are further apart
        // the time axis spans the data (a linear scale would round it out to empty minutes)
        entry.chart.options.scales.x.min = points.length ? Date.parse(points[0].time) : undefined;
        entry.chart.options.scales.x.max = points.length ? Date.parse(points[points.length - 1].time) : undefined;
        entry.chart.update('none');
      }
    }
  }

  function newChart(canvas) {
    const muted = cssVar('--muted');
    const line = cssVar('--line');
    return new window.Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'avg', data: [], borderColor: cssVar('--chart-avg'), backgroundColor: cssVar('--chart-avg'),
            borderWidth: 2, pointRadius: 0, tension: .25 },
          { label: 'p95', data: [], borderColor: cssVar('--chart-p95'), backgroundColor: cssVar('--chart-p95'),
            borderWidth: 1.5, borderDash: [4, 3], pointRadius: 0, tension: .25 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { type: 'linear', grid: { color: line }, ticks: { color: muted, maxTicksLimit: 5, maxRotation: 0,
            callback: function (v) {
              const short = this.max - this.min < 10 * 60 * 1000;
              return new Date(v).toLocaleTimeString([], short
                  ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
            } } },
          y: { beginAtZero: true, grid: { color: line }, ticks: { color: muted, maxTicksLimit: 4, callback: v => ms(v) } },
        },
        plugins: {
          legend: { labels: { color: muted, boxWidth: 12, boxHeight: 2 } },
          tooltip: { callbacks: {
            title: items => items.length ? new Date(items[0].parsed.x).toLocaleTimeString() : '',
            label: item => item.dataset.label + ': ' + ms(item.parsed.y) } },
        },
      },
    });
  }

  // ---- alerts --------------------------------------------------------------------------------------------------

  function onAlert(alert, live) {
    if (state.alerts.has(alert.id)) return;
    state.alerts.set(alert.id, alert);
    const type = alert.type;
    const previous = [...state.alerts.values()].filter(a => a.site === alert.site && a.id !== alert.id)
        .every(a => Date.parse(a.time) <= Date.parse(alert.time));
    if (previous) {
      const status = type === 'DOWN' ? 'DOWN' : type === 'RECOVERED' ? 'UP' : 'NO_DATA';
      state.status.set(alert.site, status);
      if (typeof alert.threshold === 'number') state.thresholds.set(alert.site, alert.threshold);
      // shown at once; the next `sites` event (within about a second) carries the server's word on it
      const row = state.sites.get(alert.site);
      if (row && (!row.statusSince || Date.parse(alert.time) > Date.parse(row.statusSince))) {
        row.status = status;
        row.statusSince = alert.time;
        row.lastAlert = alert.message;
      }
    }
    const log = document.getElementById('alert-log');
    const li = el('li', 'alert' + (live ? ' fresh' : ''));
    li.dataset.alertId = alert.id;
    li.dataset.type = type;
    li.dataset.site = alert.site;
    const head = el('div', 'head');
    const time = el('time', null, clock(alert.time));
    time.dateTime = alert.time;
    time.title = alert.time;
    head.append(el('span', 'type', type === 'NO_DATA' ? 'NO DATA' : type), el('span', 'site', alert.site), time);
    li.append(head, el('div', 'message', alert.message));
    const after = [...log.children].find(c => Date.parse(c.querySelector('time').dateTime) < Date.parse(alert.time));
    log.insertBefore(li, after || null);
    while (log.children.length > MAX_ALERTS) {
      state.alerts.delete(log.lastElementChild.dataset.alertId);
      log.lastElementChild.remove();
    }
    document.getElementById('alerts-empty').hidden = log.children.length > 0;
    renderSites();
    renderViews();
  }

  // ---- live connection -----------------------------------------------------------------------------------------

  function connection(stateName, text) {
    const c = document.getElementById('connection');
    c.dataset.state = stateName;
    document.getElementById('connection-text').textContent = text;
  }

  let retryMs = 1000;

  function connect() {
    const source = new EventSource('/api/events');
    let initial = true;
    source.onopen = () => {
      retryMs = 1000;
      connection('live', 'live');
    };
    source.addEventListener('sites', e => onSites(JSON.parse(e.data)));
    source.addEventListener('stats', e => onStats(JSON.parse(e.data)));
    source.addEventListener('history', () => loadHistory()); // the dashboard back-filled the charts
    source.addEventListener('alert', e => onAlert(JSON.parse(e.data), !initial));
    source.onerror = () => {
      connection('reconnecting', 'reconnecting…');
      // A lost connection is retried by EventSource itself, but an HTTP error closes it for good: 503 while the
      // dashboard serves its most clients, 401 once the session has ended (the read token changed). Try again later,
      // asking for the token first when it is needed now.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(async () => {
          if (await access()) connect();
          else askForToken();
        }, retryMs);
        retryMs = Math.min(30000, retryMs * 2);
      }
    };
    setTimeout(() => { initial = false; }, 1500);
  }

  // ---- read token ------------------------------------------------------------------------------------------
  // With SITEWATCH_READ_TOKEN set, the page asks for the token once; POST /api/session turns it into an HttpOnly,
  // SameSite=Strict session cookie, which fetch() and EventSource then send by themselves. The token itself is
  // never stored by the page.

  async function access() {
    try {
      const res = await fetch('/api/session', { headers: { Accept: 'application/json' } });
      if (!res.ok) return true;
      const s = await res.json();
      return !s.required || s.granted;
    } catch (e) {
      return true;
    }
  }

  let asked = false;

  function askForToken() {
    const form = document.getElementById('login');
    const error = document.getElementById('login-error');
    form.hidden = false;
    connection('reconnecting', 'token needed');
    if (asked) return;
    asked = true;
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      const token = document.getElementById('login-token').value.trim();
      const res = await fetch('/api/session', { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
      if (res.status === 204) {
        form.hidden = true;
        document.getElementById('login-token').value = '';
        run();
      } else {
        error.textContent = 'That token is not accepted.';
        error.hidden = false;
      }
    });
  }

  async function start() {
    if (await access()) run();
    else askForToken();
  }

  let running = false;

  function run() {
    if (running) { // logged in again after the session ended: only the event stream is to be reopened
      connect();
      return;
    }
    running = true;
    document.getElementById('alerts-empty').hidden = false;
    loadHistory();
    connect();
    setInterval(() => state.views.forEach(renderViewMeta), 1000); // "updated N s ago" and staleness tick
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
