// Numbers as the playground writes them: a real minus sign, the fewest decimals that show a
// value without rounding it, significant figures for messages, and exact decimal arithmetic
// on printed numbers, so that the worked epoch multiplies out as printed.
var MINUS = "\u2212";
var SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";

function minus(text) { return text.charAt(0) === "-" ? MINUS + text.slice(1) : text; }

// 10 to a whole power, as text: "10⁶", "10⁻¹²".
function powerOfTen(k) {
  var digits = String(Math.abs(k)).split("").map(function (c) {
    return SUPERSCRIPT_DIGITS.charAt(Number(c));
  }).join("");
  return "10" + (k < 0 ? "\u207b" : "") + digits;
}

// A number too large or too small for decimals: "1.23 × 10⁹".
function scientific(v, digits) {
  var k = Math.floor(Math.log10(Math.abs(v)));
  var mantissa = v / Math.pow(10, k);
  if (Math.abs(Number(mantissa.toPrecision(digits))) >= 10) { k += 1; mantissa /= 10; }
  return minus(String(Number(mantissa.toPrecision(digits)))) + " \u00d7 " + powerOfTen(k);
}

function notFinite(v) {
  return isNaN(v) ? "not a number" : (v > 0 ? "" : MINUS) + "infinity";
}

// Fewest decimals (at most `most`) that show every value without rounding it
// (text_utils.decimals).
function decimalsFor(values, most) {
  for (var d = 0; d < most; d++) {
    var scale = Math.pow(10, d), ok = true;
    for (var i = 0; i < values.length && ok; i++) {
      ok = Math.abs(Math.round(values[i] * scale) / scale - values[i]) <= 1e-9;
    }
    if (ok) { return d; }
  }
  return most;
}

function fixed(v, d) {
  if (!isFinite(v)) { return notFinite(v); }
  if (Math.abs(v) >= 1e9) { return scientific(v, 4); }
  var text = v.toFixed(d);
  if (Number(text) === 0) { text = (0).toFixed(d); }
  return minus(text);
}

// A value with the fewest decimals, at most `most`, that show it.
function exact(v, most) { return fixed(v, decimalsFor([v], most)); }

// A value to `digits` significant figures, without trailing zeros (Python's "g" format,
// written out in full between 10⁻⁴ and 10⁹).
function sig(v, digits) {
  if (!isFinite(v)) { return notFinite(v); }
  if (v === 0) { return "0"; }
  var size = Math.abs(v);
  if (size >= 1e9 || size < 1e-4) { return scientific(v, digits); }
  return minus(String(Number(v.toPrecision(digits))));
}

// A learning rate as set (the slider's have 3 figures; a typed one keeps up to 6), and a
// rate's limit as the slider marks it.
function rateText(rate) { return sig(rate, 6); }
function limitText(limit) { return sig(limit, 4); }

// The line y = m x + b, its numbers with at most `most` decimals: "y = 4.25x + 56.5",
// "y = 2x − 3", "y = 0".
function lineText(m, b, most) {
  var slope = exact(m, most), height = exact(Math.abs(b), most), text = "";
  if (slope !== "0") { text = (slope === "1" ? "" : slope === MINUS + "1" ? MINUS : slope) + "x"; }
  if (!text) { return "y = " + exact(b, most); }
  return "y = " + text + (height === "0" ? "" : (b < 0 ? " − " : " + ") + height);
}

// A whole number with thousands separators: 1,000,000.
function grouped(n) {
  return minus(String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
}

// A number typed by the reader: a decimal point or a decimal comma, spaces around it.
// Returns NaN for anything else.
function parseTyped(text) {
  var clean = String(text).trim().replace(MINUS, "-");
  var match = clean.match(/^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?/);
  return match && match[0].length === clean.length ? Number(clean.replace(",", ".")) : NaN;
}

// ---- exact decimals: the integer n times 10^-scale, read from a printed number
function decimal(text) {
  var clean = text.replace(MINUS, "-"), negative = clean.charAt(0) === "-";
  var parts = clean.replace(/^[-+]/, "").split("."), fraction = parts[1] || "";
  return {n: BigInt((negative ? "-" : "") + parts[0] + fraction), scale: fraction.length};
}
function decimalScaled(a, scale) {
  return a.n * BigInt(10) ** BigInt(scale - a.scale);
}
function decimalAdd(a, b) {
  var scale = Math.max(a.scale, b.scale);
  return {n: decimalScaled(a, scale) + decimalScaled(b, scale), scale: scale};
}
function decimalTimes(a, b) { return {n: a.n * b.n, scale: a.scale + b.scale}; }
function decimalNegate(a) { return {n: -a.n, scale: a.scale}; }
function decimalText(a) {
  var n = a.n, scale = a.scale, ten = BigInt(10);
  while (scale > 0 && n % ten === BigInt(0)) { n /= ten; scale -= 1; }
  var negative = n < BigInt(0), digits = (negative ? -n : n).toString();
  while (digits.length <= scale) { digits = "0" + digits; }
  var text = scale ? digits.slice(0, digits.length - scale) + "." + digits.slice(-scale) : digits;
  return (negative ? MINUS : "") + text;
}
// A factor after "×" or "−": negative numbers in brackets.
function factorText(a) { var t = decimalText(a); return a.n < BigInt(0) ? "(" + t + ")" : t; }
