(function () {
  'use strict';
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // Hovering a mention outlines every mention of the same entity.
  all('#text .ent').forEach(function (el) {
    var id = el.getAttribute('data-entity');
    el.addEventListener('mouseenter', function () {
      all('#text .ent').forEach(function (o) {
        if (o.getAttribute('data-entity') === id) o.classList.add('same');
      });
    });
    el.addEventListener('mouseleave', function () {
      all('#text .same').forEach(function (o) { o.classList.remove('same'); });
    });
  });

  // Arcs. Rust wrote one g.arc per piece of evidence, naming the head's
  // and the tail's elements; where those elements are depends on fonts and
  // width, so they are measured here, after layout and again on resize.
  var wrap = document.getElementById('text-wrap');
  var text = document.getElementById('text');
  var svg = document.getElementById('arcs');
  var STEP = 8; // px between two levels of arcs over one line
  var MAX_LEVEL = 6; // higher arcs share the top level rather than spread the lines further
  var baseLineHeight = text ? parseFloat(getComputedStyle(text).lineHeight) : 0;

  function hidden(el) {
    return !el || el.classList.contains('off');
  }

  // The ends of an arc: of the lines each element covers, the two
  // nearest each other, so that a name cut by a line break, or a name
  // inside a longer one, is joined where they meet; `a` is the one first
  // on the page.
  function ends(h, t) {
    var hs = h.getClientRects();
    var ts = t.getClientRects();
    var best = null;
    var cost = Infinity;
    Array.prototype.forEach.call(hs, function (rh) {
      Array.prototype.forEach.call(ts, function (rt) {
        var c = Math.abs(rh.bottom - rt.bottom) * 1e4 + Math.abs(rh.left + rh.right - rt.left - rt.right);
        if (c < cost) { cost = c; best = { h: rh, t: rt }; }
      });
    });
    if (!best) return null;
    var sameLine = Math.abs(best.h.bottom - best.t.bottom) < best.h.height / 2;
    var headFirst = sameLine ? best.h.left + best.h.right <= best.t.left + best.t.right : best.h.bottom < best.t.bottom;
    return { a: headFirst ? best.h : best.t, b: headFirst ? best.t : best.h, headFirst: headFirst };
  }

  // Each visible arc as one segment over one line, or two when its ends
  // are on different lines (out to the right edge, in from the left one).
  function measure(shown) {
    var origin = wrap.getBoundingClientRect();
    var box = text.getBoundingClientRect();
    var style = getComputedStyle(text);
    var left = box.left - origin.left + parseFloat(style.paddingLeft) - 4;
    var right = box.right - origin.left - parseFloat(style.paddingRight) + 4;
    var segments = [];
    shown.forEach(function (arc, i) {
      var e = ends(arc.h, arc.t);
      if (!e) return;
      var xa = (e.a.left + e.a.right) / 2 - origin.left;
      var xb = (e.b.left + e.b.right) / 2 - origin.left;
      var ya = e.a.top - origin.top;
      var yb = e.b.top - origin.top;
      var label = arc.label.getComputedTextLength() + 8;
      var same = Math.abs(e.a.bottom - e.b.bottom) < e.a.height / 2;
      if (same) {
        var mid = (xa + xb) / 2;
        segments.push({ arc: i, kind: 'whole', x1: xa, y1: ya, x2: xb, y2: yb,
          line: Math.max(e.a.bottom, e.b.bottom) - origin.top,
          lo: Math.min(xa, xb, mid - label / 2), hi: Math.max(xa, xb, mid + label / 2) });
      } else {
        segments.push({ arc: i, kind: 'out', x1: xa, y1: ya, x2: right, y2: ya,
          line: e.a.bottom - origin.top, lo: Math.min(xa, (xa + right - label) / 2), hi: right });
        segments.push({ arc: i, kind: 'in', x1: left, y1: yb, x2: xb, y2: yb,
          line: e.b.bottom - origin.top, lo: left, hi: xb });
      }
    });
    return segments;
  }

  // Levels: on each line, narrow segments first, each one level above the
  // highest it overlaps, so an arc spanning others goes over them.
  function levels(segments) {
    var lines = [];
    segments.slice().sort(function (p, q) { return p.line - q.line; }).forEach(function (s) {
      var last = lines[lines.length - 1];
      if (last && s.line - last[0].line < 8) last.push(s); else lines.push([s]);
    });
    var top = 0;
    lines.forEach(function (line) {
      var placed = [];
      line.sort(function (p, q) { return (p.hi - p.lo) - (q.hi - q.lo); }).forEach(function (s) {
        var level = 1;
        placed.forEach(function (o) {
          if (o.lo < s.hi + 2 && s.lo < o.hi + 2) level = Math.max(level, o.level + 1);
        });
        s.level = Math.min(level, MAX_LEVEL);
        top = Math.max(top, s.level);
        placed.push(s);
      });
    });
    return top;
  }

  function n(x) { return Math.round(x * 10) / 10; }

  // An upward bracket from (x1, y1) over to (x2, y2), top at `top`;
  // `open` leaves out the side that continues on another line.
  function bracket(x1, y1, x2, y2, top, open) {
    var dir = x2 >= x1 ? 1 : -1;
    var r = Math.min(4, Math.abs(x2 - x1) / 2);
    var d = open === 'in' ? 'M' + n(x1) + ' ' + n(top)
      : 'M' + n(x1) + ' ' + n(y1) + ' V' + n(top + r) + ' Q' + n(x1) + ' ' + n(top) + ' ' + n(x1 + dir * r) + ' ' + n(top);
    if (open === 'out') return d + ' H' + n(x2);
    return d + ' H' + n(x2 - dir * r) + ' Q' + n(x2) + ' ' + n(top) + ' ' + n(x2) + ' ' + n(top + r) + ' V' + n(y2);
  }

  function arrow(x, y) {
    return ' M' + n(x - 3) + ' ' + n(y - 5) + ' L' + n(x) + ' ' + n(y) + ' L' + n(x + 3) + ' ' + n(y - 5);
  }

  function drawArcs() {
    if (!wrap || !svg || !text) return;
    var shown = [];
    all('g.arc', svg).forEach(function (g) {
      var h = document.getElementById(g.getAttribute('data-head'));
      var t = document.getElementById(g.getAttribute('data-tail'));
      var off = hidden(h) || hidden(t);
      g.classList.toggle('off', off);
      if (!off) shown.push({ g: g, h: h, t: t, label: g.querySelector('text') });
    });
    // Room above each line for the highest level; the lines only move
    // down, they do not rewrap, so the levels found before still hold.
    var top = levels(measure(shown));
    text.style.lineHeight = Math.max(baseLineHeight, 24 + STEP * top) + 'px';
    var segments = measure(shown);
    levels(segments);
    var paths = shown.map(function () { return []; });
    segments.forEach(function (s) {
      var arc = shown[s.arc];
      var y = Math.min(s.y1, s.y2) - 3 - STEP * (s.level - 1) - 6;
      var headFirst = ends(arc.h, arc.t).headFirst;
      var d = bracket(s.x1, s.y1, s.x2, s.y2, y, s.kind === 'whole' ? null : s.kind);
      // The arrow points at the tail: the later end if the head comes first.
      if (s.kind === 'whole') d += headFirst ? arrow(s.x2, s.y2) : arrow(s.x1, s.y1);
      if (s.kind === 'in' && headFirst) d += arrow(s.x2, s.y2);
      if (s.kind === 'out' && !headFirst) d += arrow(s.x1, s.y1);
      paths[s.arc].push(d);
      if (s.kind !== 'in') {
        arc.label.setAttribute('x', n((s.x1 + s.x2) / 2));
        arc.label.setAttribute('y', n(y + 3.5));
      }
    });
    shown.forEach(function (arc, i) {
      var lines = all('path', arc.g);
      lines.forEach(function (p, j) {
        if (paths[i][j]) p.setAttribute('d', paths[i][j]); else p.removeAttribute('d');
      });
    });
  }

  // Toggles: a span is hidden if its label or its source is unticked, and
  // so is every arc with a hidden end.
  var toggles = all('input.toggle');
  function applyToggles() {
    var off = {};
    toggles.forEach(function (t) {
      if (!t.checked) off[t.getAttribute('data-kind') + ' ' + t.value] = true;
    });
    all('#text [data-type]').forEach(function (el) {
      var hide = off['label ' + el.getAttribute('data-type')] ||
        (el.hasAttribute('data-source') && off['source ' + el.getAttribute('data-source')]);
      el.classList.toggle('off', !!hide);
    });
    drawArcs();
  }
  toggles.forEach(function (t) { t.addEventListener('change', applyToggles); });

  // A relation's row and its arcs light up together.
  all('tr.rel').forEach(function (row) {
    var arcs = all('g.arc[data-rel="' + row.id + '"]');
    row.addEventListener('mouseenter', function () { arcs.forEach(function (g) { g.classList.add('hl'); }); });
    row.addEventListener('mouseleave', function () { arcs.forEach(function (g) { g.classList.remove('hl'); }); });
  });

  // Sortable tables: a click on a header sorts by its column, numbers as
  // numbers; a second click reverses.
  function value(row, col) {
    var cell = row.cells[col];
    var v = cell ? cell.textContent.trim() : '';
    return /^-?\d+(\.\d+)?$/.test(v) ? parseFloat(v) : v.toLowerCase();
  }
  all('table.sortable').forEach(function (table) {
    var heads = all('thead th', table);
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      th.classList.add('sorts');
      function sort() {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = all('tr', body);
        rows.sort(function (p, q) {
          var x = value(p, col);
          var y = value(q, col);
          // Numbers before words, so "no gold" stays below the scores.
          var c = typeof x !== typeof y ? (typeof x === 'number' ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  });

  // Search boxes: keep the rows whose data-search holds every word typed.
  all('input.filter').forEach(function (input) {
    var table = document.getElementById(input.getAttribute('data-table'));
    var count = input.parentNode.querySelector('.filter-count');
    if (!table) return;
    var rows = all('tbody tr', table);
    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var kept = 0;
      rows.forEach(function (r) {
        var hay = r.getAttribute('data-search') || r.textContent.toLowerCase();
        var keep = words.every(function (w) { return hay.indexOf(w) >= 0; });
        r.hidden = !keep;
        if (keep) kept++;
      });
      if (count) count.textContent = words.length ? kept + ' of ' + rows.length : '';
    }
    input.addEventListener('input', filter);
    filter();
  });

  drawArcs();
  var pending = false;
  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; drawArcs(); });
  }
  window.addEventListener('resize', redraw);
  window.addEventListener('load', drawArcs);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(drawArcs);
})();
