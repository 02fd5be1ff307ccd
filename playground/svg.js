// DOM and SVG helpers, and a plot frame: an SVG with axes, a grid, titles and a clipped
// plot layer, with a scale each way.
var SVG = "http://www.w3.org/2000/svg";
var COLORS = {data: "#000000", line: "#0072B2", error: "#D55E00", start: "#E69F00",
              path: "#CC79A7", exact: "#009E73", trace: "#6c757d"};
var VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80",
               "#5ec962", "#addc30", "#fde725"];

function h(tag, attrs, text, parent) {
  var node = document.createElement(tag);
  for (var key in attrs) { node.setAttribute(key, attrs[key]); }
  if (text !== undefined && text !== null) { node.textContent = text; }
  if (parent) { parent.appendChild(node); }
  return node;
}
function s(tag, attrs, parent) {
  var node = document.createElementNS(SVG, tag);
  for (var key in attrs) { node.setAttribute(key, attrs[key]); }
  if (parent) { parent.appendChild(node); }
  return node;
}
// Text with the mean of x, x̄, written as maths (a <var>, in italics).
function withMath(node, text) {
  clear(node);
  text.split("x\u0304").forEach(function (part, i) {
    if (i) { h("var", {}, "x\u0304", node); }
    if (part) { node.appendChild(document.createTextNode(part)); }
  });
  return node;
}
function setAttrs(node, attrs) { for (var key in attrs) { node.setAttribute(key, attrs[key]); } }
function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
// A screen coordinate kept finite and within reach of the SVG's renderer.
function px(v) { return clamp(isFinite(v) ? v : v > 0 ? 1e5 : -1e5, -1e5, 1e5); }
// "x1,y1 x2,y2 ..." for a polyline.
function pointsText(list) {
  return list.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
}

function niceStep(span, count) {
  var raw = span / Math.max(1, count), power = Math.pow(10, Math.floor(Math.log10(raw)));
  var unit = raw / power;
  return power * (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10);
}
function ticks(lo, hi, count) {
  var step = niceStep(hi - lo, count), out = [];
  for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return {values: out, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9))};
}
// 10^k on a log axis: 0.001 to 1000 in full, powers of ten beyond.
function decadeLabel(k) {
  if (k >= 0 && k <= 3) { return String(Math.pow(10, k)); }
  if (k < 0 && k >= -3) { return Math.pow(10, k).toFixed(-k); }
  return powerOfTen(k);
}
function viridis(t) {
  var x = clamp(t, 0, 1) * (VIRIDIS.length - 1), i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  var f = x - i, a = VIRIDIS[i], b = VIRIDIS[i + 1], out = "#";
  for (var c = 1; c < 7; c += 2) {
    var u = parseInt(a.substr(c, 2), 16), w = parseInt(b.substr(c, 2), 16);
    out += ("0" + Math.round(u + (w - u) * f).toString(16)).slice(-2);
  }
  return out;
}
function starPath(cx, cy, r) {
  var d = "";
  for (var i = 0; i < 10; i++) {
    var radius = i % 2 ? r * 0.45 : r, t = Math.PI / 5 * i - Math.PI / 2;
    d += (i ? "L" : "M") + (cx + radius * Math.cos(t)).toFixed(1) + " " +
         (cy + radius * Math.sin(t)).toFixed(1);
  }
  return d + "Z";
}

// A legend: an item with a small drawing, or a line of a given colour, width and dashes.
function keyItem(list, draw, text) {
  var item = h("li", {}, null, list);
  draw(s("svg", {width: 22, height: 12, "aria-hidden": "true"}, item));
  h("span", {}, text, item);
  return item;
}
function lineKey(list, stroke, width, dash, text) {
  return keyItem(list, function (g) {
    var attrs = {x1: 1, x2: 21, y1: 6, y2: 6, stroke: stroke, "stroke-width": width};
    if (dash) { attrs["stroke-dasharray"] = dash; }
    s("line", attrs, g);
  }, text);
}

// A figure: its title, a legend list, and whatever the caller adds.
function viewFigure(parent, title, wide) {
  var figure = h("figure", {"class": "gdp-view" + (wide ? " is-wide" : "")}, null, parent);
  h("p", {"class": "gdp-view-title"}, title, figure);
  return {figure: figure, key: h("ul", {"class": "gdp-key"}, null, figure)};
}

function Frame(parent, id, xTitle, yTitle, yLog) {
  this.svg = s("svg", {"class": "gdp-svg"}, parent);
  this.xTitle = xTitle; this.yTitle = yTitle; this.yLog = !!yLog;
  var clip = s("clipPath", {id: id}, s("defs", {}, this.svg));
  this.clipRect = s("rect", {}, clip);
  this.back = s("g", {}, this.svg);
  this.grid = s("g", {"aria-hidden": "true"}, this.svg);
  this.plot = s("g", {"clip-path": "url(#" + id + ")"}, this.svg);
  this.axes = s("g", {"aria-hidden": "true"}, this.svg);
  this.over = s("g", {}, this.svg);
  this.margin = {left: 58, right: 14, top: 10, bottom: 44};
}
Frame.prototype.layout = function (width, height, xr, yr) {
  var key = [width, height, xr[0], xr[1], yr[0], yr[1], this.xTitle, this.yTitle].join("|");
  if (key === this.laidOut) { return false; }
  this.laidOut = key;
  var mg = this.margin, self = this;
  this.width = width; this.height = height; this.xr = xr; this.yr = yr;
  this.left = mg.left; this.top = mg.top;
  this.pw = Math.max(10, width - mg.left - mg.right);
  this.ph = Math.max(10, height - mg.top - mg.bottom);
  setAttrs(this.svg, {width: width, height: height, viewBox: "0 0 " + width + " " + height});
  setAttrs(this.clipRect, {x: this.left, y: this.top, width: this.pw, height: this.ph});
  clear(this.grid); clear(this.axes);
  var xt = ticks(xr[0], xr[1], Math.max(3, Math.floor(this.pw / 70)));
  xt.values.forEach(function (v) {
    var x = self.X(v);
    s("line", {x1: x, x2: x, y1: self.top, y2: self.top + self.ph, stroke: "#e5e5e5"}, self.grid);
    s("line", {x1: x, x2: x, y1: self.top + self.ph, y2: self.top + self.ph + 5, stroke: "#444"},
      self.axes);
    s("text", {x: x, y: self.top + self.ph + 18, "text-anchor": "middle"}, self.axes)
      .textContent = minus(v.toFixed(xt.decimals));
  });
  var yValues = [], yLabels = [];
  if (this.yLog) {
    var lo = Math.ceil(yr[0] - 1e-9), hi = Math.floor(yr[1] + 1e-9);
    var every = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(2, Math.floor(this.ph / 26))));
    for (var k = hi; k >= lo; k -= every) { yValues.push(k); yLabels.push(decadeLabel(k)); }
  } else {
    var yt = ticks(yr[0], yr[1], Math.max(3, Math.floor(this.ph / 40)));
    yValues = yt.values;
    yLabels = yt.values.map(function (v) { return minus(v.toFixed(yt.decimals)); });
  }
  yValues.forEach(function (v, i) {
    var y = self.top + (yr[1] - v) / (yr[1] - yr[0]) * self.ph;
    s("line", {x1: self.left, x2: self.left + self.pw, y1: y, y2: y, stroke: "#e5e5e5"},
      self.grid);
    s("line", {x1: self.left - 5, x2: self.left, y1: y, y2: y, stroke: "#444"}, self.axes);
    s("text", {x: self.left - 8, y: y + 4, "text-anchor": "end"}, self.axes).textContent =
      yLabels[i];
  });
  s("rect", {x: this.left, y: this.top, width: this.pw, height: this.ph, fill: "none",
             stroke: "#444"}, this.axes);
  s("text", {x: this.left + this.pw / 2, y: height - 6, "text-anchor": "middle",
             "class": "gdp-title"}, this.axes).textContent = this.xTitle;
  var middle = this.top + this.ph / 2;
  s("text", {x: 14, y: middle, "text-anchor": "middle", "class": "gdp-title",
             transform: "rotate(-90 14 " + middle + ")"}, this.axes).textContent = this.yTitle;
  return true;
};
Frame.prototype.X = function (v) {
  return this.left + (v - this.xr[0]) / (this.xr[1] - this.xr[0]) * this.pw;
};
Frame.prototype.Y = function (v) {
  if (this.yLog) { v = Math.log10(v); }
  return this.top + (this.yr[1] - v) / (this.yr[1] - this.yr[0]) * this.ph;
};
Frame.prototype.invert = function (x, y) {
  return {x: this.xr[0] + (x - this.left) / this.pw * (this.xr[1] - this.xr[0]),
          y: this.yr[1] - (y - this.top) / this.ph * (this.yr[1] - this.yr[0])};
};
// Where a pointer event falls, in data units.
Frame.prototype.at = function (event) {
  var box = this.svg.getBoundingClientRect();
  return this.invert(event.clientX - box.left, event.clientY - box.top);
};
Frame.prototype.inside = function (x, y) {
  return x >= this.left - 0.5 && x <= this.left + this.pw + 0.5 &&
         y >= this.top - 0.5 && y <= this.top + this.ph + 0.5;
};
