// The live dashboard: trades the pasted token for a short-lived ticket, opens the server-sent event
// stream with it, and draws each snapshot. Nothing is computed from raw events here.
(() => {
  'use strict';
  const TOKEN_KEY = 'lodestone.dashboard.token';
  const HISTORY = 120;
  const $ = (id) => document.getElementById(id);
  let source = null;
  let retry = null;
  let rateChart = null;
  let funnelChart = null;
  const history = { labels: [], series: {} };
  const colours = ['#4fb3ff', '#5fd38d', '#ffb454', '#ff6b8b', '#b58cff', '#4fd1c5', '#f6e05e', '#fc8181', '#90cdf4', '#c3dafe'];

  function status(text, cls) { const s = $('status'); s.textContent = text; s.className = 'status ' + (cls || ''); }
  function fmt(n, digits) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en', { maximumFractionDigits: digits ?? 0 }); }
  function pct(x) { return x === null || x === undefined ? '–' : (100 * x).toFixed(1) + ' %'; }
  function text(el, value) { el.textContent = value; }

  async function ticket(token) {
    const res = await fetch('/v1/dashboard/tickets', { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
    if (!res.ok) {
      let reason = res.status + '';
      try { const body = await res.json(); reason = body.message || reason; } catch (e) { /* not JSON */ }
      const error = new Error(reason); error.status = res.status; throw error;
    }
    return (await res.json()).ticket;
  }

  async function connect() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) { return; }
    clearTimeout(retry);
    try {
      const t = await ticket(token);
      $('login').hidden = true; $('board').hidden = false;
      if (source) { source.close(); }
      source = new EventSource('/v1/dashboard/stream?ticket=' + encodeURIComponent(t));
      source.onopen = () => status('live', 'live');
      source.onmessage = (e) => draw(JSON.parse(e.data));
      // A dropped stream (or an expired ticket on reconnect) gets a fresh ticket, never the token in a URL.
      source.onerror = () => { source.close(); status('reconnecting…', 'down'); retry = setTimeout(connect, 2000); };
    } catch (e) {
      if (e.status === 401 || e.status === 403) {
        sessionStorage.removeItem(TOKEN_KEY);
        $('login').hidden = false; $('board').hidden = true;
        text($('login-error'), 'That token cannot open the dashboard (' + e.message + '): a marketer or admin token is needed.');
        status('signed out');
      } else {
        status('reconnecting…', 'down');
        retry = setTimeout(connect, 2000);
      }
    }
  }

  function charts() {
    if (rateChart || typeof Chart === 'undefined') { return; }
    Chart.defaults.color = '#8b9bab';
    Chart.defaults.borderColor = '#24313d';
    rateChart = new Chart($('rate-chart'), {
      type: 'line',
      data: { labels: history.labels, datasets: [] },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, stacked: true } }, elements: { point: { radius: 0 } } }
    });
    funnelChart = new Chart($('funnel-chart'), {
      type: 'bar',
      data: { labels: ['viewed', 'clicked', 'added to cart', 'bought'], datasets: [{ data: [0, 0, 0, 0], backgroundColor: '#4fb3ff' }] },
      options: { animation: false, indexAxis: 'y', plugins: { legend: { display: false } } }
    });
  }

  function table(el, rows) {
    el.replaceChildren();
    const head = el.insertRow(); ['', 'impressions', 'clicks', 'CTR'].forEach((h) => { const th = document.createElement('th'); th.textContent = h; head.appendChild(th); });
    const entries = Object.entries(rows || {});
    if (entries.length === 0) { const r = el.insertRow(); const c = r.insertCell(); c.colSpan = 4; c.textContent = 'none yet today'; return; }
    for (const [name, v] of entries) {
      const r = el.insertRow();
      [name, fmt(v.impressions), fmt(v.clicks), pct(v.ctr)].forEach((value) => { r.insertCell().textContent = value; });
    }
  }

  function list(el, items, render) {
    el.replaceChildren();
    if (!items || items.length === 0) { const li = document.createElement('li'); li.textContent = 'none'; el.appendChild(li); return; }
    for (const item of items) { const li = document.createElement('li'); li.textContent = render(item); el.appendChild(li); }
  }

  function interval(e, f) {
    return e && e.low !== null && e.low !== undefined ? ' [' + f(e.low) + ', ' + f(e.high) + ']' : '';
  }

  function experiment(x) {
    const el = $('experiment');
    el.replaceChildren();
    if (!x) { text($('experiment-name'), ''); text($('srm'), 'none running'); return; }
    text($('experiment-name'), x.experimentId);
    const s = x.sampleRatio;
    text($('srm'), s.flagged
      ? '⚠ sample-ratio mismatch (p = ' + s.pValue.toExponential(1) + '): the split is broken, do not trust these numbers'
      : 'split as configured (sample-ratio p = ' + s.pValue.toFixed(3) + ')');
    const head = el.insertRow();
    ['variant', 'shoppers', 'CTR', 'conversion', 'revenue / shopper', 'CTR vs control', ''].forEach((h) => {
      const th = document.createElement('th'); th.textContent = h; head.appendChild(th);
    });
    for (const v of x.variants) {
      const r = el.insertRow();
      const vs = v.versusControl && v.versusControl.ctr;
      const diff = vs && vs.alwaysValidLow !== null && vs.alwaysValidLow !== undefined
        ? (vs.difference >= 0 ? '+' : '') + (100 * vs.difference).toFixed(2) + ' pts [' + (100 * vs.alwaysValidLow).toFixed(2) + ', ' + (100 * vs.alwaysValidHigh).toFixed(2) + ']'
        : (v.versusControl ? '–' : 'control');
      [v.name + ' (' + v.share + ' %)', fmt(v.exposures),
        pct(v.ctr.value) + interval(v.ctr, (n) => (100 * n).toFixed(1)),
        pct(v.conversion.value) + interval(v.conversion, (n) => (100 * n).toFixed(1)),
        fmt(v.revenuePerShopper.value, 2) + interval(v.revenuePerShopper, (n) => fmt(n, 2)),
        diff, vs && vs.significant ? 'significant' : ''].forEach((value) => { r.insertCell().textContent = value; });
    }
  }

  function draw(s) {
    charts();
    text($('eps'), fmt(s.totalEventsPerSecond, 1));
    text($('active'), fmt(s.activeShoppers));
    let impressions = 0; let clicks = 0;
    for (const v of Object.values(s.placements || {})) { impressions += v.impressions; clicks += v.clicks; }
    text($('ctr'), impressions ? pct(clicks / impressions) : '–');
    $('ctr').dataset.impressions = impressions; $('ctr').dataset.clicks = clicks;
    text($('points'), fmt(s.pointsIssued) + ' / ' + fmt(s.pointsRedeemed));
    text($('freshness'), s.freshnessP99Ms === null || s.freshnessP99Ms === undefined ? '–' : '≤ ' + fmt(s.freshnessP99Ms) + ' ms');
    text($('lag'), fmt(s.streamsLag) + ' / ' + fmt(s.projectionLag));
    text($('updated'), new Date(s.at).toLocaleTimeString());

    experiment(s.experiment);
    list($('trending'), s.trending, (t) => (t.title || t.itemId) + (t.title ? ' (' + t.itemId + ')' : ''));
    table($('placements'), s.placements);
    table($('variants'), s.variants);
    list($('low-stock'), s.lowStock, (g) => (g.name || g.giftId) + ': ' + g.stock + ' left');
    for (const [name, panel] of Object.entries(s.panels || {})) {
      const el = $('panel-' + name);
      if (!el) { continue; }
      el.textContent = panel.available
        ? Object.entries(panel.numbers).map(([k, v]) => k + ': ' + fmt(v, 1)).join(' · ')
        : panel.status;
    }

    if (rateChart) {
      history.labels.push(new Date(s.at).toLocaleTimeString());
      const types = new Set([...Object.keys(history.series), ...Object.keys(s.eventsPerSecond || {})]);
      for (const type of types) {
        if (!history.series[type]) { history.series[type] = new Array(history.labels.length - 1).fill(0); }
        history.series[type].push((s.eventsPerSecond || {})[type] || 0);
      }
      if (history.labels.length > HISTORY) { history.labels.shift(); Object.values(history.series).forEach((v) => v.shift()); }
      rateChart.data.datasets = Object.entries(history.series).map(([type, data], i) => ({
        label: type, data, fill: true, borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length] + '55'
      }));
      rateChart.update();
      const f = s.funnel || {};
      funnelChart.data.datasets[0].data = [f.view || 0, f.click || 0, f.add_to_cart || 0, f.purchase || 0];
      funnelChart.update();
    }
  }

  $('signin').addEventListener('click', () => {
    const token = $('token').value.trim();
    if (!token) { text($('login-error'), 'Paste a token first.'); return; }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    text($('login-error'), '');
    connect();
  });
  connect();
})();
