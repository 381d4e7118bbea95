#!/usr/bin/env bash
# Render BPMN files to PNG images with bpmn-js (Viewer) and headless Chromium.
#
# Usage:
#   docs/diagrams/render.sh bpmn/user-lifecycle.bpmn [more.bpmn ...]
#   docs/diagrams/render.sh -o docs/user-lifecycle.png bpmn/user-lifecycle.bpmn
#
# Each input foo.bpmn is written to <repo>/docs/foo.png (the docs/ directory
# containing this script) unless an explicit "-o out.png" precedes it.
#
# Requirements: node/npm (bpmn-js is installed from the npm registry into
# $BPMN_RENDER_DIR on first use), python3, and Debian's `chromium`
# (apt-get install chromium).
#
# Environment:
#   BPMN_RENDER_DIR   npm work dir for bpmn-js          (default /tmp/render)
#   BPMN_JS_VERSION   bpmn-js version to install        (default 18.31.1)
#   BPMN_MARGIN       margin around the diagram, in px  (default 60)
#   CHROMIUM          chromium binary                   (default chromium)
set -euo pipefail

WORK_DIR="${BPMN_RENDER_DIR:-/tmp/render}"
BPMN_JS_VERSION="${BPMN_JS_VERSION:-18.31.1}"
MARGIN="${BPMN_MARGIN:-60}"
CHROMIUM="${CHROMIUM:-chromium}"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DOCS_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"

if [ "$#" -eq 0 ]; then
  sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
  exit 1
fi

command -v "$CHROMIUM" >/dev/null || { echo "error: '$CHROMIUM' not found (apt-get install chromium)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 not found" >&2; exit 1; }

# --- install bpmn-js if missing -------------------------------------------
VIEWER_JS="$WORK_DIR/node_modules/bpmn-js/dist/bpmn-viewer.production.min.js"
if [ ! -f "$VIEWER_JS" ]; then
  echo "installing bpmn-js@$BPMN_JS_VERSION into $WORK_DIR" >&2
  mkdir -p "$WORK_DIR"
  [ -f "$WORK_DIR/package.json" ] || (cd "$WORK_DIR" && npm init -y >/dev/null)
  (cd "$WORK_DIR" && npm install --no-audit --no-fund "bpmn-js@$BPMN_JS_VERSION" >&2)
fi
ASSETS="$WORK_DIR/node_modules/bpmn-js/dist/assets"

render() {
  local bpmn="$1" out="$2"
  local name html size
  name="$(basename "$bpmn" .bpmn)"
  html="$WORK_DIR/render-$name.html"

  # Build the HTML page (diagram XML inlined, so no fetch over file://) and
  # print the window size "W,H" computed from the diagram's DI bounds.
  size="$(python3 - "$bpmn" "$html" "$VIEWER_JS" "$ASSETS" "$MARGIN" <<'PY'
import json, math, sys
import xml.etree.ElementTree as ET

bpmn, html, viewer_js, assets, margin = sys.argv[1:6]
margin = int(margin)
DC = '{http://www.omg.org/spec/DD/20100524/DC}'
DI = '{http://www.omg.org/spec/DD/20100524/DI}'

xml = open(bpmn, encoding='utf-8').read()
root = ET.fromstring(xml.encode('utf-8'))
xs, ys = [], []
for b in root.iter(DC + 'Bounds'):
    x, y = float(b.get('x')), float(b.get('y'))
    xs += [x, x + float(b.get('width'))]
    ys += [y, y + float(b.get('height'))]
for w in root.iter(DI + 'waypoint'):
    xs.append(float(w.get('x')))
    ys.append(float(w.get('y')))
if not xs:
    sys.exit('no DI bounds/waypoints found in ' + bpmn)
width = math.ceil(max(xs) - min(xs)) + 2 * margin
height = math.ceil(max(ys) - min(ys)) + 2 * margin

page = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://%(assets)s/diagram-js.css">
<link rel="stylesheet" href="file://%(assets)s/bpmn-js.css">
<style>
  html, body { margin: 0; padding: 0; background: #fff; }
  /* Explicit pixel size: Chromium's new headless mode gives the page a
     viewport about 90px shorter than --window-size and paints nothing below it,
     so the window is made 120px taller than the diagram. */
  #canvas { width: %(width)dpx; height: %(height)dpx; background: #fff; }
  #error { color: #c00; font: 16px sans-serif; white-space: pre-wrap; padding: 10px; }
</style>
<script src="file://%(viewer)s"></script>
</head><body>
<div id="canvas"></div><div id="error"></div>
<script>
  const xml = %(xml)s;
  const viewer = new BpmnJS({ container: '#canvas' });
  viewer.importXML(xml).then(function (result) {
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport', 'auto');
    if (result.warnings && result.warnings.length) {
      console.warn(result.warnings.map(String).join('\\n'));
    }
    document.title = 'rendered';
  }).catch(function (err) {
    document.getElementById('error').textContent = 'bpmn-js import failed: ' + err;
  });
</script>
</body></html>
""" % {'assets': assets, 'viewer': viewer_js, 'xml': json.dumps(xml).replace('</', '<\\/'),
       'width': width, 'height': height}
with open(html, 'w', encoding='utf-8') as f:
    f.write(page)
print('%d,%d' % (width, height))
PY
)"

  mkdir -p "$(dirname "$out")"
  local out_abs tmp_png
  out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
  tmp_png="$WORK_DIR/render-$name.png"
  rm -f "$tmp_png"
  "$CHROMIUM" --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --force-device-scale-factor=1 --allow-file-access-from-files \
    --user-data-dir="$WORK_DIR/chromium-profile" \
    --screenshot="$tmp_png" --window-size="${size%,*},$(( ${size#*,} + 120 ))" \
    --virtual-time-budget=5000 "file://$html" >"$WORK_DIR/chromium-$name.log" 2>&1 || {
      echo "error: chromium failed for $bpmn, see $WORK_DIR/chromium-$name.log" >&2; return 1; }
  [ -s "$tmp_png" ] || { echo "error: no screenshot for $bpmn" >&2; return 1; }
  mv -f "$tmp_png" "$out_abs"
  echo "$bpmn -> $out ($size px, $(wc -c <"$out_abs") bytes)"
}

out=""
for arg in "$@"; do
  if [ "$arg" = "-o" ]; then out="__next__"; continue; fi
  if [ "$out" = "__next__" ]; then out="$arg"; continue; fi
  [ -f "$arg" ] || { echo "error: $arg not found" >&2; exit 1; }
  render "$arg" "${out:-$DOCS_DIR/$(basename "$arg" .bpmn).png}"
  out=""
done
