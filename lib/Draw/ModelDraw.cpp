//===- ModelDraw.cpp - Pictures of a compiled model's run -----------------===//
//
// The model page is built from a model::ModelTrace:
//   1. the input and the decoded output (and the interpreter's, if given);
//   2. per layer, per head, the attention pattern as a query x key grid
//      shaded by weight, with the residual subspaces the head reads (query,
//      key, value) and writes; per MLP its reads and writes;
//   3. the residual stream as one heatmap: a row per residual dimension,
//      labelled as the compiler named it ("tokens:a"), a block of position
//      columns per snapshot (embedding, then after each sublayer), the rows
//      the sublayer writes marked beside its block;
//   4. the output logits as the same kind of heatmap;
//   5. the program's own sections, when the caller passes the program.
// Cells carry data-* attributes (position, weight, value) for tests.
//
//===----------------------------------------------------------------------===//

#include "rasp/Draw/Draw.h"
#include "rasp/Model/Trace.h"

#include "PageParts.h"
#include "SvgText.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>
#include <set>

using namespace rasp;
using namespace rasp::draw;

namespace {

constexpr double kAttnCell = 30;
constexpr double kHeatCell = 14;
constexpr double kBlockGap = 14;

const char *kModelStyle =
    "section.head{display:inline-block;vertical-align:top;"
    "margin:0 2em 1em 0}\n"
    "section.head h4,section.mlp h4{font-family:monospace;margin:0.3em 0}\n"
    ".rw{font-family:monospace;font-size:0.85em;color:#555;margin:0.1em 0;"
    "max-width:48em;overflow-wrap:anywhere}\n"
    ".unused{color:#999}\n"
    ".result.model{font-weight:bold}\n";

const char *kSvgStyle =
    "text{font-family:'DejaVu Sans Mono',monospace;font-size:12px;fill:#222}\n"
    ".label{fill:#777}\n.small{font-size:10px}\n"
    ".stage{font-weight:bold;fill:#444}\n"
    ".grid{stroke:#ccc;stroke-width:0.5}\n"
    ".sep{stroke:#999;stroke-width:0.8}\n"
    ".written{fill:#e8892b}\n"
    ".w{font-size:10px}\n";

std::string fmt(const char *format, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

/// White to blue for positive \p t in [0, 1], white to red for negative.
std::string shade(double t) {
  t = std::max(-1.0, std::min(1.0, t));
  int r, g, b;
  if (t >= 0) {
    r = int(std::lround(255 - t * (255 - 59)));
    g = int(std::lround(255 - t * (255 - 111)));
    b = int(std::lround(255 - t * (255 - 216)));
  } else {
    t = -t;
    r = int(std::lround(255 - t * (255 - 214)));
    g = int(std::lround(255 - t * (255 - 69)));
    b = int(std::lround(255 - t * (255 - 65)));
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

/// Position labels: "BOS" for position 0, then the tokens.
std::vector<std::string> positionLabels(const model::ModelTrace &trace) {
  std::vector<std::string> out;
  for (unsigned i = 0; i < trace.tokens.size(); ++i)
    out.push_back(i == 0 ? "BOS" : shorten(trace.tokens[i], 8));
  return out;
}

/// The variable a residual label belongs to: the text before the first ':'.
std::string variableOf(llvm::StringRef label) {
  return label.split(':').first.str();
}

/// "tokens:{a,b}, indices:{0,1,2}" for a list of residual dimensions.
std::string describeDims(const model::ModelTrace &trace,
                         const std::vector<unsigned> &dims) {
  if (dims.empty())
    return "nothing";
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (unsigned d : dims) {
    llvm::StringRef label = "?";
    if (d < trace.residualLabels.size())
      label = trace.residualLabels[d];
    auto split = label.split(':');
    std::string var = split.first.str();
    if (groups.empty() || groups.back().first != var)
      groups.push_back({var, {}});
    if (!split.second.empty() || label.contains(':'))
      groups.back().second.push_back(split.second.str());
  }
  std::string out;
  for (auto &g : groups) {
    if (!out.empty())
      out += ", ";
    out += g.first;
    if (!g.second.empty()) {
      // Long value lists keep their first and last values and a count.
      const std::vector<std::string> &vals = g.second;
      out += ":{";
      for (unsigned i = 0; i < vals.size(); ++i) {
        if (vals.size() > 12 && i == 8) {
          out += ",\xE2\x80\xA6";
          i = vals.size() - 3;
          continue;
        }
        out += (i ? "," : "") + vals[i];
      }
      out += "}";
      if (vals.size() > 12)
        out += " (" + std::to_string(vals.size()) + " values)";
    }
  }
  return out;
}

/// A head's attention pattern: rows queries, columns keys, shaded by
/// weight, the weight written in the cell when it is visible.
std::string attentionSvg(const model::TraceMatrix &pattern,
                         const std::vector<std::string> &labels) {
  unsigned n = pattern.rows;
  double labelW = kMinCell;
  for (const std::string &l : labels)
    labelW = std::max(labelW, textWidth(l) + 10);
  double cell = kAttnCell;
  for (const std::string &l : labels)
    cell = std::max(cell, textWidth(l) + 6);
  double x0 = 8 + labelW, y0 = 8 + kCellHeight;
  double w = x0 + n * cell + 8, h = y0 + n * kCellHeight + 8;
  Svg svg;
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"attention\" "
          "width=\"" + num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " +
          num(w) + " " + num(h) + "\">\n");
  svg.raw(std::string("<style>\n") + kSvgStyle + "</style>\n");
  svg.text(x0 - 4, y0 - kCellHeight / 2, "q\\k", "label corner", "end");
  for (unsigned k = 0; k < n && k < labels.size(); ++k)
    svg.text(x0 + (k + 0.5) * cell, y0 - kCellHeight / 2, labels[k],
             "label key", "middle", "data-k=\"" + std::to_string(k) + "\"");
  for (unsigned q = 0; q < n; ++q) {
    double y = y0 + q * kCellHeight;
    if (q < labels.size())
      svg.text(x0 - 4, y + kCellHeight / 2, labels[q], "label query", "end",
               "data-q=\"" + std::to_string(q) + "\"");
    for (unsigned k = 0; k < pattern.cols; ++k) {
      double v = pattern.at(q, k);
      std::string pos = "data-q=\"" + std::to_string(q) + "\" data-k=\"" +
                        std::to_string(k) + "\"";
      svg.rect(x0 + k * cell, y, cell, kCellHeight, "grid",
               pos + " data-w=\"" + fmt("%.3f", v) + "\" fill=\"" + shade(v) +
                   "\"");
      if (v >= 0.005) {
        std::string t = v >= 0.995 ? "1" : fmt("%.2f", v).substr(1);
        svg.text(x0 + (k + 0.5) * cell, y + kCellHeight / 2, t, "w", "middle",
                 v > 0.55 ? "fill=\"#fff\"" : "");
      }
    }
  }
  svg.raw("</svg>\n");
  return std::move(svg.str());
}

/// One block of a heatmap: \p m is positions x rows (a residual snapshot or
/// the output), drawn transposed.
struct HeatBlock {
  std::string title;
  const model::TraceMatrix *m = nullptr;
  std::set<unsigned> written; ///< rows to mark as written by this stage
};

/// Rows are \p rowLabels, one block of position columns per entry of
/// \p blocks; all blocks share one colour scale (the largest |value|).
std::string heatmapSvg(llvm::StringRef cls,
                       const std::vector<std::string> &rowLabels,
                       const std::vector<std::string> &positions,
                       const std::vector<HeatBlock> &blocks) {
  unsigned rows = rowLabels.size(), cols = positions.size();
  double maxAbs = 0;
  for (const HeatBlock &b : blocks)
    for (float v : b.m->data)
      if (std::isfinite(v))
        maxAbs = std::max(maxAbs, double(std::fabs(v)));
  if (maxAbs == 0)
    maxAbs = 1;
  double labelW = 40;
  for (const std::string &l : rowLabels)
    labelW = std::max(labelW, textWidth(shorten(l, 28)) + 10);
  double posW = kHeatCell;
  for (const std::string &p : positions)
    posW = std::max(posW, textWidth(p) * 10.0 / 12.0 + 4);
  double blockW = cols * posW;
  for (const HeatBlock &b : blocks)
    blockW = std::max(blockW, textWidth(b.title) * 1.0 + 4);
  double x0 = 8 + labelW, y0 = 8 + 2 * kCellHeight;
  double w = x0 + blocks.size() * (blockW + kBlockGap) + 8;
  double h = y0 + rows * kHeatCell + 8 + 24;
  Svg svg;
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + cls.str() +
          "\" width=\"" + num(w) + "\" height=\"" + num(h) +
          "\" viewBox=\"0 0 " + num(w) + " " + num(h) + "\">\n");
  svg.raw(std::string("<style>\n") + kSvgStyle + "</style>\n");
  for (unsigned r = 0; r < rows; ++r)
    svg.text(x0 - 6, y0 + (r + 0.5) * kHeatCell - 1, shorten(rowLabels[r], 28),
             "label row", "end", "data-r=\"" + std::to_string(r) + "\"");
  for (unsigned bi = 0; bi < blocks.size(); ++bi) {
    const HeatBlock &b = blocks[bi];
    double bx = x0 + bi * (blockW + kBlockGap);
    svg.raw("<g class=\"block\" data-stage=\"" + esc(b.title) + "\">\n");
    svg.text(bx, y0 - 1.5 * kCellHeight, b.title, "stage", "start");
    for (unsigned c = 0; c < cols; ++c)
      svg.text(bx + (c + 0.5) * posW, y0 - kCellHeight / 2, positions[c],
               "label small pos", "middle",
               "data-c=\"" + std::to_string(c) + "\"");
    for (unsigned r = 0; r < rows; ++r) {
      double y = y0 + r * kHeatCell;
      if (b.written.count(r))
        svg.rect(bx - 4, y + 1, 3, kHeatCell - 2, "written",
                 "data-r=\"" + std::to_string(r) + "\"");
      for (unsigned c = 0; c < cols && c < b.m->rows; ++c) {
        double v = r < b.m->cols ? b.m->at(c, r) : 0;
        std::string vs = fmt("%.2f", v);
        if (vs == "-0.00")
          vs = "0.00";
        svg.raw("<rect class=\"grid\" x=\"" + num(bx + c * posW) + "\" y=\"" +
                num(y) + "\" width=\"" + num(posW) + "\" height=\"" +
                num(kHeatCell) + "\" data-r=\"" + std::to_string(r) +
                "\" data-c=\"" + std::to_string(c) + "\" data-v=\"" + vs +
                "\" fill=\"" + shade(v / maxAbs) + "\"><title>" +
                esc(rowLabels[r]) + " @ " + std::to_string(c) + ": " + vs +
                "</title></rect>\n");
      }
    }
    svg.raw("</g>\n");
  }
  // Lines between the rows of different variables.
  for (unsigned r = 1; r < rows; ++r)
    if (variableOf(rowLabels[r]) != variableOf(rowLabels[r - 1]))
      svg.raw("<line class=\"sep\" x1=\"8\" y1=\"" + num(y0 + r * kHeatCell) +
              "\" x2=\"" + num(w - 8) + "\" y2=\"" + num(y0 + r * kHeatCell) +
              "\"/>\n");
  double ly = y0 + rows * kHeatCell + 16;
  svg.text(8, ly, "scale: white 0, blue +" + fmt("%.3g", maxAbs) +
                      ", red -" + fmt("%.3g", maxAbs) +
                      "; orange bar: written by that sublayer",
           "label small", "start");
  svg.raw("</svg>\n");
  return std::move(svg.str());
}

std::vector<HeatBlock> residualBlocks(const model::ModelTrace &trace) {
  std::vector<HeatBlock> blocks;
  for (const model::ResidualSnapshot &s : trace.residuals) {
    HeatBlock b;
    b.title = s.stage;
    b.m = &s.stream;
    unsigned layer = 0;
    char kind[8] = {0};
    if (std::sscanf(s.stage.c_str(), "layer %u %4s", &layer, kind) == 2 &&
        layer < trace.layers.size()) {
      const model::LayerTrace &lt = trace.layers[layer];
      if (std::string(kind) == "attn") {
        for (const model::HeadTrace &h : lt.heads)
          b.written.insert(h.writes.begin(), h.writes.end());
      } else {
        b.written.insert(lt.mlpWrites.begin(), lt.mlpWrites.end());
      }
    }
    blocks.push_back(std::move(b));
  }
  return blocks;
}

std::string listText(const std::vector<std::string> &values) {
  std::string s = "[";
  for (unsigned i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + values[i];
  return s + "]";
}

/// A table of the residual subspaces: each variable (label prefix), its
/// values (label suffixes) and the sublayers that write it ("embedding" when
/// no sublayer does).
std::string subspaceTable(const model::ModelTrace &trace) {
  struct Row {
    std::string var;
    std::vector<unsigned> dims;
    std::vector<std::string> writers;
  };
  std::vector<Row> rows;
  std::vector<int> rowOf(trace.residualLabels.size(), -1);
  for (unsigned d = 0; d < trace.residualLabels.size(); ++d) {
    std::string var = variableOf(trace.residualLabels[d]);
    auto it = llvm::find_if(rows, [&](const Row &r) { return r.var == var; });
    if (it == rows.end()) {
      rows.push_back({var, {}, {}});
      it = rows.end() - 1;
    }
    it->dims.push_back(d);
    rowOf[d] = it - rows.begin();
  }
  auto addWriter = [&](const std::vector<unsigned> &dims,
                       const std::string &who) {
    for (unsigned d : dims)
      if (d < rowOf.size()) {
        std::vector<std::string> &w = rows[rowOf[d]].writers;
        if (llvm::find(w, who) == w.end())
          w.push_back(who);
      }
  };
  for (unsigned l = 0; l < trace.layers.size(); ++l) {
    const model::LayerTrace &lt = trace.layers[l];
    for (unsigned h = 0; h < lt.heads.size(); ++h)
      addWriter(lt.heads[h].writes, "layer " + std::to_string(l) + " head " +
                                        std::to_string(h));
    addWriter(lt.mlpWrites, "layer " + std::to_string(l) + " MLP");
  }
  std::string out = "<table class=\"values subspaces\">\n<tr><th>variable"
                    "</th><th>dims</th><th>values</th><th>written by</th>"
                    "</tr>\n";
  for (const Row &r : rows) {
    std::string vals = describeDims(trace, r.dims);
    llvm::StringRef v = vals;
    if (v.consume_front(r.var))
      v.consume_front(":");
    std::string writers;
    for (const std::string &w : r.writers)
      writers += (writers.empty() ? "" : ", ") + w;
    out += "<tr data-var=\"" + esc(r.var) + "\"><td class=\"name\">" +
           esc(r.var) + "</td><td>" + std::to_string(r.dims.size()) +
           "</td><td>" + esc(v.str()) + "</td><td>" +
           esc(writers.empty() ? "embedding" : writers) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

} // namespace

std::string rasp::draw::renderResidualSvg(const model::ModelTrace &trace) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
         heatmapSvg("residual", trace.residualLabels, positionLabels(trace),
                    residualBlocks(trace));
}

llvm::Expected<std::string>
rasp::draw::renderModelPage(const model::ModelTrace &trace,
                            const ModelPageOptions &options) {
  std::vector<std::string> positions = positionLabels(trace);
  std::string page = pageStart(options.title, kModelStyle);
  page += "<p class=\"input\">input: " + esc(options.inputText) + "</p>\n";
  std::string name = options.outputName.empty() ? "output" : options.outputName;
  page += "<p class=\"result model\">model: " + esc(name) + " = " +
          esc(listText(options.decoded)) + "</p>\n";

  // The program, if given, is evaluated first: a failure stops the page.
  ProgramParts program;
  if (options.program && options.interp) {
    llvm::Expected<ProgramParts> parts = programParts(
        options.program, *options.interp, options.nameOf, "Program");
    if (!parts)
      return parts.takeError();
    program = std::move(*parts);
    llvm::StringRef line = program.resultLine;
    if (line.consume_front("<p class=\"result\">"))
      page += "<p class=\"result interp\">interpreter: " + line.str();
  }

  unsigned numHeads = 0;
  for (const model::LayerTrace &lt : trace.layers)
    numHeads = std::max<unsigned>(numHeads, lt.heads.size());
  page += "<p class=\"summary\">" + std::to_string(trace.layers.size()) +
          " layers, " + std::to_string(numHeads) + " head(s) per attention, " +
          "residual width " + std::to_string(trace.residualLabels.size()) +
          ", " + std::to_string(trace.tokens.size()) +
          " positions (BOS first)</p>\n";

  page += "<h2>Attention patterns</h2>\n<p class=\"note\">Row: the query "
          "position, column: the key position, shade and number: the "
          "attention weight after the softmax. Reads/writes name the "
          "residual subspaces (variable:value) with non-zero weights.</p>\n";
  for (unsigned l = 0; l < trace.layers.size(); ++l) {
    const model::LayerTrace &lt = trace.layers[l];
    std::string ls = std::to_string(l);
    page += "<section class=\"layer\" data-layer=\"" + ls + "\">\n<h3>layer " +
            ls + "</h3>\n";
    if (!lt.hasAttention)
      page += "<p class=\"rw unused\">no attention sublayer</p>\n";
    for (unsigned h = 0; h < lt.heads.size(); ++h) {
      const model::HeadTrace &ht = lt.heads[h];
      std::string hs = std::to_string(h);
      page += "<section class=\"head\" data-layer=\"" + ls +
              "\" data-head=\"" + hs + "\">\n<h4>layer " + ls + " head " +
              hs + "</h4>\n";
      if (!ht.isUsed()) {
        page += "<p class=\"rw unused\">unused (writes nothing)</p>\n"
                "</section>\n";
        continue;
      }
      page += "<p class=\"rw\">query reads: " +
              esc(describeDims(trace, ht.readsQuery)) + "</p>\n";
      page += "<p class=\"rw\">key reads: " +
              esc(describeDims(trace, ht.readsKey)) + "</p>\n";
      page += "<p class=\"rw\">value reads: " +
              esc(describeDims(trace, ht.readsValue)) + "</p>\n";
      page += "<p class=\"rw\">writes: " + esc(describeDims(trace, ht.writes)) +
              "</p>\n";
      page += attentionSvg(ht.pattern, positions);
      page += "</section>\n";
    }
    page += "<section class=\"mlp\" data-layer=\"" + ls + "\">\n<h4>layer " +
            ls + " MLP</h4>\n";
    if (lt.hasMLP)
      page += "<p class=\"rw\">reads: " + esc(describeDims(trace, lt.mlpReads)) +
              "</p>\n<p class=\"rw\">writes: " +
              esc(describeDims(trace, lt.mlpWrites)) + "</p>\n";
    else
      page += "<p class=\"rw unused\">no MLP sublayer</p>\n";
    page += "</section>\n</section>\n";
  }

  page += "<h2>Residual stream</h2>\n<p class=\"note\">One row per residual "
          "dimension (its label says which variable and value it holds), one "
          "column per position; a block per snapshot: after the embedding "
          "and after each sublayer.</p>\n<div class=\"residual\">\n";
  page += heatmapSvg("residual", trace.residualLabels, positions,
                     residualBlocks(trace));
  page += "</div>\n<h3>Subspaces</h3>\n" + subspaceTable(trace);

  page += "<h2>Output</h2>\n<p class=\"note\">The final stream times the "
          "unembedding; each position decodes to its largest entry "
          "(categorical) or its value (numerical).</p>\n";
  page += heatmapSvg("output", trace.outputLabels, positions,
                     {HeatBlock{"logits", &trace.output, {}}});
  page += "<p class=\"result\">decoded: " +
          esc(listText(std::vector<std::string>(
              trace.decoded.begin() + (trace.decoded.empty() ? 0 : 1),
              trace.decoded.end()))) +
          " (the model's labels, BOS dropped)</p>\n";

  page += program.sections;
  page += pageEnd();
  return page;
}
