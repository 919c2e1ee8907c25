/* newsevents dashboard: the drawings (timeline, map, network) as SVG.
 *
 * Every string that comes from a document or an actor is inserted with
 * textContent or createTextNode; attributes are set one by one with
 * setAttribute and never carry markup. No innerHTML anywhere.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var QUAD_NAMES = { 1: 'Verbal cooperation', 2: 'Material cooperation',
    3: 'Verbal conflict', 4: 'Material conflict' };
  var DAY_MS = 86400000;

  function svgEl(tag, attrs, parent) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svgText(parent, x, y, text, attrs) {
    var node = svgEl('text', Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = text;
    return node;
  }

  function tooltip(node, text) {
    var t = svgEl('title', {}, node);
    t.textContent = text;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function empty(svg, message, width, height) {
    clear(svg);
    svgText(svg, width / 2, height / 2, message, { 'text-anchor': 'middle', 'class': 'empty' });
  }

  function fmt(n, digits) {
    if (n === null || n === undefined || isNaN(n)) { return '-'; }
    return Number(n).toLocaleString('en', { maximumFractionDigits: digits || 0 });
  }

  function parseDay(iso) {
    var p = String(iso).split('-');
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  /* ---- timeline: stacked weekly counts by quad class, Goldstein sum below ---- */

  function drawTimeline(svg, rows, legend) {
    var W = 960, H = 240, left = 44, right = 12, top = 10;
    var countH = 120, gap = 36, goldH = 64;
    var weeks = {};
    rows.forEach(function (r) {
      var w = weeks[r.period] || (weeks[r.period] = { events: 0, gold: 0, quads: {} });
      w.events += r.events;
      w.gold += r.goldstein_sum || 0;
      var q = r.group === null || r.group === undefined ? '0' : String(r.group);
      w.quads[q] = (w.quads[q] || 0) + r.events;
    });
    var keys = Object.keys(weeks).sort();
    if (!keys.length) { empty(svg, 'No dated events match.', W, H); return; }
    clear(svg);
    var first = parseDay(keys[0]), last = parseDay(keys[keys.length - 1]);
    var all = [];
    for (var t = first; t <= last; t += 7 * DAY_MS) { all.push(isoDay(t)); }
    var n = all.length, plotW = W - left - right, step = plotW / n;
    var barW = Math.max(1, step * 0.8);
    var maxCount = 1, maxGold = 1;
    all.forEach(function (k) {
      var w = weeks[k];
      if (w) { maxCount = Math.max(maxCount, w.events); maxGold = Math.max(maxGold, Math.abs(w.gold)); }
    });
    var goldTop = top + countH + gap, zeroY = goldTop + goldH / 2;
    svgText(svg, 4, top + 10, fmt(maxCount), { 'class': 'axis' });
    svgText(svg, 4, top + countH, '0', { 'class': 'axis' });
    svgText(svg, 4, goldTop + 8, '+' + fmt(maxGold, 1), { 'class': 'axis' });
    svgText(svg, 4, zeroY + 4, '0', { 'class': 'axis' });
    svgText(svg, 4, goldTop + goldH, '-' + fmt(maxGold, 1), { 'class': 'axis' });
    svgText(svg, left, goldTop - 3, 'Goldstein sum per week', { 'class': 'axis label' });
    svgEl('line', { x1: left, x2: W - right, y1: top + countH, y2: top + countH, 'class': 'baseline' }, svg);
    svgEl('line', { x1: left, x2: W - right, y1: zeroY, y2: zeroY, 'class': 'baseline' }, svg);
    var bars = svgEl('g', { 'class': 'bars' }, svg);
    var lastLabel = -Infinity;
    all.forEach(function (k, i) {
      var x = left + i * step + (step - barW) / 2;
      var w = weeks[k];
      if (w) {
        var g = svgEl('g', { 'class': 'week', 'data-week': k }, bars);
        var y = top + countH;
        ['1', '2', '3', '4', '0'].forEach(function (q) {
          var c = w.quads[q];
          if (!c) { return; }
          var h = c / maxCount * countH;
          y -= h;
          svgEl('rect', { x: x, y: y, width: barW, height: Math.max(h, 0.5), 'class': 'q' + q }, g);
        });
        var gh = Math.abs(w.gold) / maxGold * (goldH / 2);
        svgEl('rect', { x: x, y: w.gold >= 0 ? zeroY - gh : zeroY, width: barW,
          height: Math.max(gh, 0.5), 'class': w.gold >= 0 ? 'gold-pos' : 'gold-neg' }, g);
        var parts = ['1', '2', '3', '4'].filter(function (q) { return w.quads[q]; })
          .map(function (q) { return w.quads[q] + ' ' + QUAD_NAMES[q].toLowerCase(); });
        tooltip(g, 'Week of ' + k + ': ' + w.events + ' event(s)' +
          (parts.length ? ' (' + parts.join(', ') + ')' : '') + '; Goldstein sum ' + fmt(w.gold, 1));
      }
      // a date label at the first week of a month, when there is room for it
      var day = +k.slice(8, 10);
      if ((day <= 7 || i === 0) && x - lastLabel > 58) {
        svgText(svg, x, top + countH + 14, k.slice(0, 7), { 'class': 'axis tick' });
        lastLabel = x;
      }
    });
    if (legend) {
      clear(legend);
      ['1', '2', '3', '4'].forEach(function (q) {
        var li = document.createElement('li');
        var sw = document.createElement('span');
        sw.className = 'swatch q' + q;
        li.appendChild(sw);
        li.appendChild(document.createTextNode(QUAD_NAMES[q]));
        legend.appendChild(li);
      });
    }
  }

  /* ---- map: equirectangular world from TopoJSON, places as circles ---- */

  var worldPaths = null;

  function decodeArcs(topo) {
    var s = topo.transform ? topo.transform.scale : [1, 1];
    var tr = topo.transform ? topo.transform.translate : [0, 0];
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        x += p[0]; y += p[1];
        return [x * s[0] + tr[0], y * s[1] + tr[1]];
      });
    });
  }

  function project(lon, lat) { return [(lon + 180) * 2, (90 - lat) * 2]; }

  function ringPath(ring, arcs) {
    var pts = [];
    ring.forEach(function (index, j) {
      var arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      pts = pts.concat(j ? arc.slice(1) : arc);
    });
    var d = '', prev = null;
    pts.forEach(function (p) {
      var xy = project(p[0], p[1]);
      // a jump across the antimeridian starts a new piece instead of a streak
      var jump = prev && Math.abs(p[0] - prev[0]) > 180;
      d += (d && !jump ? 'L' : 'M') + xy[0].toFixed(1) + ' ' + xy[1].toFixed(1);
      prev = p;
    });
    return d + 'Z';
  }

  function countryPaths(topo) {
    var arcs = decodeArcs(topo);
    var obj = topo.objects.countries || topo.objects[Object.keys(topo.objects)[0]];
    return obj.geometries.map(function (g) {
      var polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
      var d = polys.map(function (poly) {
        return poly.map(function (ring) { return ringPath(ring, arcs); }).join('');
      }).join('');
      return { d: d, name: (g.properties && g.properties.name) || '' };
    });
  }

  function fitBox(points) {
    // the events' bounding box, padded, at least 40 by 20 degrees, in the map's 2:1 shape
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    points.forEach(function (p) {
      minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
    });
    var pad = 16;
    // more room on the right, where the labels go
    minX -= pad; maxX += pad * 3; minY -= pad; maxY += pad;
    var w = Math.max(maxX - minX, 80), h = Math.max(maxY - minY, 40);
    if (w / h > 2) { h = w / 2; } else { w = h * 2; }
    var cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
    var x = Math.min(Math.max(cx - w / 2, 0), Math.max(0, 720 - w));
    var y = Math.min(Math.max(cy - h / 2, 0), Math.max(0, 360 - h));
    return [x, y, Math.min(w, 720), Math.min(h, 360)];
  }

  function drawMap(svg, topo, places, world) {
    clear(svg);
    if (topo && !worldPaths) { worldPaths = countryPaths(topo); }
    var land = svgEl('g', { 'class': 'land' }, svg);
    svgEl('rect', { x: 0, y: 0, width: 720, height: 360, 'class': 'sea' }, land);
    (worldPaths || []).forEach(function (c) {
      var path = svgEl('path', { d: c.d, 'class': 'country' }, land);
      tooltip(path, c.name);
    });
    var located = places.filter(function (p) {
      return typeof p.lat === 'number' && typeof p.lon === 'number';
    });
    var pts = located.map(function (p) { return project(p.lon, p.lat); });
    // fit to the specific places; a country's centroid is drawn but does not stretch the view
    var specific = pts.filter(function (xy, i) { return located[i].feature !== 'country'; });
    var box = world || !pts.length ? [0, 0, 720, 360] : fitBox(specific.length ? specific : pts);
    svg.setAttribute('viewBox', box.map(function (v) { return v.toFixed(1); }).join(' '));
    var unit = box[2] / 720;  // sizes below are for the whole world and shrink with the zoom
    var maxEvents = located.reduce(function (m, p) { return Math.max(m, p.events); }, 1);
    var dots = svgEl('g', { 'class': 'places' }, svg);
    var order = located.map(function (p, i) { return i; })
      .sort(function (a, b) { return located[b].events - located[a].events; });
    order.slice().reverse().forEach(function (i) {
      var p = located[i], xy = pts[i];
      var r = (2.5 + 7 * Math.sqrt(p.events / maxEvents)) * unit;
      var c = svgEl('circle', { cx: xy[0], cy: xy[1], r: r, 'data-place': p.name || p.country || '',
        'class': p.feature === 'country' ? 'place country-level' : 'place' }, dots);
      tooltip(c, (p.name || p.country || '?') + (p.admin1 && p.admin1 !== p.name ? ', ' + p.admin1 : '') +
        (p.country ? ' (' + p.country + ')' : '') + ': ' + p.events + ' event(s), ' +
        fmt(p.mentions) + ' mention(s)');
    });
    // labels for the busiest places, skipping any that would overlap one already drawn
    var labels = svgEl('g', { 'class': 'labels' }, svg), taken = [], size = 11 * unit;
    order.slice(0, 12).forEach(function (i) {
      var p = located[i], xy = pts[i], text = p.name || p.country || '';
      var bx = [xy[0] + 4 * unit, xy[1] - size, xy[0] + 4 * unit + text.length * size * 0.55, xy[1] + 2 * unit];
      var clash = taken.some(function (b) { return bx[0] < b[2] && b[0] < bx[2] && bx[1] < b[3] && b[1] < bx[3]; });
      if (clash || !text) { return; }
      taken.push(bx);
      svgText(labels, bx[0], xy[1] - 2 * unit, text, { 'font-size': size.toFixed(2),
        'stroke-width': (2.5 * unit).toFixed(2), 'class': 'place-label' });
    });
    if (!located.length) {
      svgText(svg, 360, 180, 'No located events match.', { 'text-anchor': 'middle', 'class': 'empty' });
    }
  }

  /* ---- network: actors as nodes, who acted on whom as arrows ---- */

  function actorKey(a) { return a ? (a.group || a.code || a.name || a.text || null) : null; }

  function buildGraph(events, maxNodes) {
    var nodes = {}, edges = {};
    function node(a) {
      var key = actorKey(a);
      if (!key) { return null; }
      var n = nodes[key] || (nodes[key] = { key: key, names: {}, degree: 0 });
      var name = a.name || a.text || key;
      n.names[name] = (n.names[name] || 0) + 1;
      return n;
    }
    events.forEach(function (e) {
      var s = node(e.source), t = node(e.target);
      if (!s || !t || s === t) { return; }
      var id = s.key + '\u0000' + t.key;
      var edge = edges[id] || (edges[id] = { s: s.key, t: t.key, n: 0, gold: 0 });
      edge.n += 1;
      edge.gold += typeof e.goldstein === 'number' ? e.goldstein : 0;
      s.degree += 1; t.degree += 1;
    });
    var kept = Object.keys(nodes).map(function (k) { return nodes[k]; })
      .filter(function (n) { return n.degree > 0; })
      .sort(function (a, b) { return b.degree - a.degree || (a.key < b.key ? -1 : 1); })
      .slice(0, maxNodes);
    var keep = {};
    kept.forEach(function (n) {
      keep[n.key] = n;
      var names = Object.keys(n.names);
      n.label = names.length === 1 ? names[0] : n.key;
    });
    var links = Object.keys(edges).map(function (k) { return edges[k]; })
      .filter(function (e) { return keep[e.s] && keep[e.t]; });
    return { nodes: kept, links: links, byKey: keep };
  }

  function layout(graph, W, H) {
    // a small deterministic force layout: start on a circle, repel, pull along links
    var nodes = graph.nodes, n = nodes.length;
    nodes.forEach(function (d, i) {
      var a = 2 * Math.PI * i / Math.max(n, 1);
      d.x = W / 2 + Math.cos(a) * W * 0.35; d.y = H / 2 + Math.sin(a) * H * 0.35;
    });
    var k = Math.sqrt(W * H / Math.max(n, 1)) * 0.6;
    for (var it = 0; it < 300; it++) {
      var temp = 20 * (1 - it / 300) + 0.5;
      nodes.forEach(function (d) { d.dx = 0; d.dy = 0; });
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, dist = Math.sqrt(dx * dx + dy * dy) || 0.01;
          var f = k * k / dist;
          a.dx += dx / dist * f; a.dy += dy / dist * f; b.dx -= dx / dist * f; b.dy -= dy / dist * f;
        }
      }
      graph.links.forEach(function (l) {
        var a = graph.byKey[l.s], b = graph.byKey[l.t];
        var dx = a.x - b.x, dy = a.y - b.y, dist = Math.sqrt(dx * dx + dy * dy) || 0.01;
        var f = dist * dist / k;
        a.dx -= dx / dist * f; a.dy -= dy / dist * f; b.dx += dx / dist * f; b.dy += dy / dist * f;
      });
      nodes.forEach(function (d) {
        d.dx += (W / 2 - d.x) * 0.05; d.dy += (H / 2 - d.y) * 0.05;
        var len = Math.sqrt(d.dx * d.dx + d.dy * d.dy) || 1;
        d.x += d.dx / len * Math.min(len, temp); d.y += d.dy / len * Math.min(len, temp);
        d.x = Math.min(W - 40, Math.max(40, d.x)); d.y = Math.min(H - 20, Math.max(20, d.y));
      });
    }
  }

  function drawNetwork(svg, events) {
    var W = 600, H = 400;
    var graph = buildGraph(events, 40);
    if (!graph.nodes.length) { empty(svg, 'No events with both a source and a target.', W, H); return; }
    clear(svg);
    layout(graph, W, H);
    var defs = svgEl('defs', {}, svg);
    ['pos', 'neg', 'zero'].forEach(function (kind) {
      var m = svgEl('marker', { id: 'arrow-' + kind, viewBox: '0 0 10 10', refX: 9, refY: 5,
        markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, defs);
      svgEl('path', { d: 'M0 0L10 5L0 10Z', 'class': 'arrow ' + kind }, m);
    });
    var maxN = graph.links.reduce(function (m, l) { return Math.max(m, l.n); }, 1);
    var lg = svgEl('g', { 'class': 'links' }, svg);
    graph.links.forEach(function (l) {
      var a = graph.byKey[l.s], b = graph.byKey[l.t];
      var mean = l.gold / l.n, kind = mean > 0 ? 'pos' : mean < 0 ? 'neg' : 'zero';
      var dx = b.x - a.x, dy = b.y - a.y, dist = Math.sqrt(dx * dx + dy * dy) || 1;
      var r = 9;  // stop at the target's circle so the arrow head shows
      var line = svgEl('line', { x1: a.x, y1: a.y, x2: b.x - dx / dist * r, y2: b.y - dy / dist * r,
        'stroke-width': (1 + 3 * l.n / maxN).toFixed(2), 'class': 'link ' + kind,
        'marker-end': 'url(#arrow-' + kind + ')' }, lg);
      tooltip(line, a.label + ' \u2192 ' + b.label + ': ' + l.n + ' event(s), mean Goldstein ' + fmt(mean, 1));
    });
    var ng = svgEl('g', { 'class': 'nodes' }, svg);
    graph.nodes.forEach(function (d) {
      var g = svgEl('g', { 'class': 'node', 'data-key': d.key }, ng);
      svgEl('circle', { cx: d.x, cy: d.y, r: 4 + Math.min(6, Math.sqrt(d.degree)) }, g);
      svgText(g, d.x + 9, d.y + 4, d.label);
      tooltip(g, d.key + ': ' + Object.keys(d.names).join('; ') + ' (' + d.degree + ' event ends)');
    });
  }

  window.NewsEventsViews = {
    drawTimeline: drawTimeline,
    drawMap: drawMap,
    drawNetwork: drawNetwork,
    QUAD_NAMES: QUAD_NAMES
  };
}());
