//===- ProgramDraw.cpp - Graphs, matrices and pages of RASP programs ------===//
//
// The pictures are built in three steps:
//   1. collect the ops the root depends on and evaluate each on the input
//      (failures are kept and drawn, never fatal);
//   2. measure every node box (title, op, values or matrix) and let Graphviz
//      place the boxes and route the arrows (GraphLayout.cpp);
//   3. write SVG text: one <g class="node ..."> per op, one <path> per edge.
// The page adds a section per selector (a larger matrix, with the selected
// values as labels) and a table of every s-op's values.
//
//===----------------------------------------------------------------------===//

#include "rasp/Draw/Draw.h"

#include "GraphLayout.h"
#include "PageParts.h"
#include "SvgText.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace rasp;
using namespace rasp::draw;

namespace {

//===----------------------------------------------------------------------===//
// Text and SVG helpers
//===----------------------------------------------------------------------===//

std::string atomText(const Atom &a) {
  std::string s = a.isFloat() ? py::reprFloat(py::round3(a.getFloat()))
                              : py::str(a);
  return shorten(s, kMaxCellChars);
}

std::string inputText(const interp::InputItem &item) {
  return shorten(item.isAtom ? py::str(item.atom) : item.strText,
                 kMaxCellChars);
}

const char *kStyle =
    "text{font-family:'DejaVu Sans Mono',monospace;font-size:12px;fill:#222}\n"
    ".box{fill:#fff;stroke:#555;stroke-width:1}\n"
    ".node.selector .box{fill:#f4f7ff}\n"
    ".node.aggregate .box{fill:#fff8ef}\n"
    ".name{font-weight:bold}\n"
    ".optext{fill:#555}\n"
    ".cell{stroke:#bbb;stroke-width:0.5;fill:#fff}\n"
    ".cell.on{fill:#3b6fd8}\n"
    ".cell.read{fill:#f6c28b}\n"
    ".vcell{stroke:#bbb;stroke-width:0.5;fill:#f3f3f3}\n"
    ".label{fill:#777}\n"
    ".err{fill:#c00}\n"
    ".edge{fill:none;stroke:#666;stroke-width:1.2}\n"
    ".arrow{fill:#666}\n"
    ".elabel{font-size:10px;fill:#666}\n";

//===----------------------------------------------------------------------===//
// What is drawn: ops with their values
//===----------------------------------------------------------------------===//

struct OpInfo {
  const ir::Op *op = nullptr;
  std::string name;   ///< variable name, or %id
  std::string opText; ///< the operation, with operand names
  const interp::Sequence *seq = nullptr;
  const interp::SelectorMatrix *sel = nullptr;
  std::string error;
};

const char *kindClass(const ir::Op *op) {
  if (op->isSelector())
    return "selector";
  if (op->getKind() == ir::OpKind::Aggregate)
    return "aggregate";
  return "sop";
}

std::string describe(const ir::Op *op,
                     const std::function<std::string(const ir::Op *)> &nm) {
  using ir::OpKind;
  switch (op->getKind()) {
  case OpKind::Tokens:
    return "tokens";
  case OpKind::Indices:
    return "indices";
  case OpKind::Constant:
    return "full(" + py::repr(llvm::cast<ir::ConstantOp>(op)->getValue()) +
           ")";
  case OpKind::Map:
  case OpKind::SequenceMap: {
    std::string fn;
    llvm::raw_string_ostream os(fn);
    llvm::cast<ir::MapOp>(op)->getFunction().print(os);
    os.flush();
    std::string args;
    for (unsigned i = 0; i < op->getNumOperands(); ++i)
      args += (i ? ", " : "") + nm(op->getOperand(i));
    return shorten((op->getKind() == OpKind::Map ? "map " : "sequence_map ") +
                       fn + " on " + args,
                   60);
  }
  case OpKind::Select: {
    auto *s = llvm::cast<ir::SelectOp>(op);
    return "select " + nm(s->getKeys()) + " " +
           getComparisonSpelling(s->getComparison()).str() + " " +
           nm(s->getQueries()) + " (key cmp query)";
  }
  case OpKind::SelectorAnd:
    return nm(op->getOperand(0)) + " and " + nm(op->getOperand(1));
  case OpKind::SelectorOr:
    return nm(op->getOperand(0)) + " or " + nm(op->getOperand(1));
  case OpKind::SelectorNot:
    return "not " + nm(op->getOperand(0));
  case OpKind::Aggregate: {
    auto *a = llvm::cast<ir::AggregateOp>(op);
    std::string s = "aggregate(" + nm(a->getSelector()) + ", " +
                    nm(a->getSOp()) + ")";
    const Atom &d = a->getDefault();
    if (!(d.isInt() && d.isSmallInt() && d.getInt() == 0))
      s += " default " + py::repr(d);
    return s;
  }
  case OpKind::SelectorWidth:
    return "selector_width(" + nm(op->getOperand(0)) + ")";
  case OpKind::Choose: {
    std::string s = "?choose(";
    for (unsigned i = 0; i < op->getNumOperands(); ++i)
      s += (i ? ", " : "") + nm(op->getOperand(i));
    return s + ")";
  }
  }
  return getOpKindName(op->getKind()).str();
}

std::vector<OpInfo> collect(const ir::Op *root, interp::Interpreter &in,
                            const NameFn &nameOf) {
  std::vector<ir::Op *> deps =
      ir::collectDependencies({const_cast<ir::Op *>(root)});
  auto nm = [&](const ir::Op *op) {
    std::string n = nameOf ? nameOf(op) : "";
    return n.empty() ? "%" + std::to_string(op->getId()) : n;
  };
  std::vector<OpInfo> infos;
  for (ir::Op *op : deps) {
    OpInfo info;
    info.op = op;
    info.name = nm(op);
    info.opText = describe(op, nm);
    interp::EvalError err;
    if (op->isSelector())
      info.sel = in.evalSelector(op, err);
    else
      info.seq = in.evalSOp(op, err);
    if (!info.sel && !info.seq)
      info.error = err.message.empty() ? "evaluation failed" : err.message;
    infos.push_back(std::move(info));
  }
  return infos;
}

//===----------------------------------------------------------------------===//
// Matrices and value rows
//===----------------------------------------------------------------------===//

/// A query x key grid with label rows above and label columns to the left;
/// optionally text in the cells and a result column on the right.
struct Matrix {
  unsigned n = 0;
  std::vector<std::vector<std::string>> colLabels; ///< rows of n labels
  std::vector<std::vector<std::string>> rowLabels; ///< columns of n labels
  std::string corner;                              ///< e.g. "q\k"
  const interp::SelectorMatrix *sel = nullptr;
  std::vector<std::string> cells; ///< n*n texts (selected cells), or empty
  std::vector<std::string> result;
  std::string resultHeader;

  std::vector<double> colW, rowLabelW;
  double resultW = 0, width = 0, height = 0;

  void measure() {
    colW.assign(n, kMinCell);
    for (const auto &row : colLabels)
      for (unsigned k = 0; k < n; ++k)
        colW[k] = std::max(colW[k], textWidth(row[k]) + 8);
    for (unsigned i = 0; i < cells.size(); ++i)
      colW[i % n] = std::max(colW[i % n], textWidth(cells[i]) + 8);
    rowLabelW.clear();
    for (const auto &col : rowLabels) {
      double w = kMinCell;
      for (const std::string &s : col)
        w = std::max(w, textWidth(s) + 8);
      rowLabelW.push_back(w);
    }
    if (!rowLabelW.empty())
      rowLabelW.back() = std::max(rowLabelW.back(), textWidth(corner) + 8);
    if (!result.empty()) {
      resultW = textWidth(resultHeader) + 8;
      for (const std::string &s : result)
        resultW = std::max(resultW, textWidth(s) + 8);
    }
    width = resultW;
    for (double w : colW)
      width += w;
    for (double w : rowLabelW)
      width += w;
    height = (colLabels.size() + n) * kCellHeight;
  }

  void draw(Svg &svg, double x0, double y0) const {
    double gridX = x0;
    for (double w : rowLabelW)
      gridX += w;
    double gridY = y0 + colLabels.size() * kCellHeight;
    if (!corner.empty())
      svg.text(gridX - 4, gridY - kCellHeight / 2, corner, "label corner",
               "end");
    for (unsigned r = 0; r < colLabels.size(); ++r) {
      double x = gridX;
      for (unsigned k = 0; k < n; ++k) {
        svg.text(x + colW[k] / 2, y0 + (r + 0.5) * kCellHeight,
                 colLabels[r][k], "label key", "middle",
                 "data-k=\"" + std::to_string(k) + "\"");
        x += colW[k];
      }
    }
    if (!result.empty())
      svg.text(gridX + gridWidth() + resultW / 2, gridY - kCellHeight / 2,
               resultHeader, "label");
    for (unsigned q = 0; q < n; ++q) {
      double cy = gridY + (q + 0.5) * kCellHeight;
      double x = x0;
      for (unsigned c = 0; c < rowLabels.size(); ++c) {
        svg.text(x + rowLabelW[c] / 2, cy, rowLabels[c][q], "label query",
                 "middle", "data-q=\"" + std::to_string(q) + "\"");
        x += rowLabelW[c];
      }
      for (unsigned k = 0; k < n; ++k) {
        bool on = sel && sel->at(q, k);
        std::string cls = on ? (cells.empty() ? "cell on" : "cell read")
                             : "cell off";
        std::string pos = "data-q=\"" + std::to_string(q) + "\" data-k=\"" +
                          std::to_string(k) + "\"";
        svg.rect(x, gridY + q * kCellHeight, colW[k], kCellHeight, cls, pos);
        if (on && !cells.empty())
          svg.text(x + colW[k] / 2, cy, cells[q * n + k], "v read", "middle",
                   pos);
        x += colW[k];
      }
      if (!result.empty()) {
        svg.rect(x, gridY + q * kCellHeight, resultW, kCellHeight, "vcell");
        svg.text(x + resultW / 2, cy, result[q], "v", "middle",
                 "data-i=\"" + std::to_string(q) + "\"");
      }
    }
  }

  double gridWidth() const {
    double w = 0;
    for (double c : colW)
      w += c;
    return w;
  }
};

/// One row of value cells.
struct ValueRow {
  std::vector<std::string> values;
  std::vector<double> colW;
  double width = 0, height = kCellHeight;

  void measure() {
    colW.clear();
    width = 0;
    for (const std::string &v : values) {
      colW.push_back(std::max(kMinCell, textWidth(v) + 8));
      width += colW.back();
    }
  }
  void draw(Svg &svg, double x, double y) const {
    for (unsigned i = 0; i < values.size(); ++i) {
      svg.rect(x, y, colW[i], kCellHeight, "vcell");
      svg.text(x + colW[i] / 2, y + kCellHeight / 2, values[i], "v", "middle",
               "data-i=\"" + std::to_string(i) + "\"");
      x += colW[i];
    }
  }
};

std::vector<std::string> inputLabels(interp::Interpreter &in) {
  std::vector<std::string> labels;
  for (const interp::InputItem &item : in.getInput())
    labels.push_back(inputText(item));
  return labels;
}

std::vector<std::string> seqTexts(const interp::Sequence &seq) {
  std::vector<std::string> out;
  for (const Atom &a : seq.values)
    out.push_back(atomText(a));
  return out;
}

//===----------------------------------------------------------------------===//
// Graph nodes
//===----------------------------------------------------------------------===//

struct NodeBox {
  const OpInfo *info = nullptr;
  Matrix matrix;
  bool hasMatrix = false;
  ValueRow row;
  std::string typeText;
  double width = 0, height = 0;
};

NodeBox makeNode(const OpInfo &info, const std::vector<OpInfo> &all,
                 interp::Interpreter &in) {
  NodeBox box;
  box.info = &info;
  std::vector<std::string> labels = inputLabels(in);
  unsigned n = labels.size();
  double bodyW = 0, bodyH = 0;
  if (!info.error.empty()) {
    bodyW = textWidth("error: " + shorten(info.error, 60));
    bodyH = kLineHeight;
  } else if (info.sel) {
    box.hasMatrix = true;
    box.matrix.n = n;
    box.matrix.colLabels = {labels};
    box.matrix.rowLabels = {labels};
    box.matrix.corner = "q\\k";
    box.matrix.sel = info.sel;
  } else if (info.op->getKind() == ir::OpKind::Aggregate) {
    auto *agg = llvm::cast<ir::AggregateOp>(info.op);
    const interp::Sequence *read = nullptr;
    const interp::SelectorMatrix *sel = nullptr;
    for (const OpInfo &o : all) {
      if (o.op == agg->getSOp())
        read = o.seq;
      if (o.op == agg->getSelector())
        sel = o.sel;
    }
    if (read && sel) {
      box.hasMatrix = true;
      Matrix &m = box.matrix;
      m.n = n;
      m.colLabels = {labels};
      m.rowLabels = {labels};
      m.corner = "q\\k";
      m.sel = sel;
      std::vector<std::string> readTexts = seqTexts(*read);
      for (unsigned q = 0; q < n; ++q)
        for (unsigned k = 0; k < n; ++k)
          m.cells.push_back(readTexts[k]);
      m.result = seqTexts(*info.seq);
      m.resultHeader = "=";
    }
  }
  if (box.hasMatrix) {
    box.matrix.measure();
    bodyW = box.matrix.width;
    bodyH = box.matrix.height;
  } else if (info.seq) {
    box.row.values = seqTexts(*info.seq);
    box.row.measure();
    bodyW = box.row.width;
    bodyH = box.row.height;
  }
  if (info.seq)
    box.typeText = std::string(" : ") + interp::getSeqTypeName(info.seq->type);
  double titleW = std::max(textWidth(info.name + box.typeText) + 8,
                           textWidth(info.opText));
  box.width = std::max(titleW, bodyW) + 2 * kPad;
  box.height = kPad + 2 * kLineHeight + 4 + bodyH + kPad;
  return box;
}

void drawNode(Svg &svg, const NodeBox &box, double cx, double cy) {
  const OpInfo &info = *box.info;
  double x = cx - box.width / 2, y = cy - box.height / 2;
  svg.raw("<g class=\"node " + std::string(kindClass(info.op)) + "\" id=\"op" +
          std::to_string(info.op->getId()) + "\" data-name=\"" +
          esc(info.name) + "\" data-op=\"" +
          getOpKindName(info.op->getKind()).str() + "\">\n");
  svg.raw("<title>" + esc(info.name + ": " + info.opText) + "</title>\n");
  svg.rect(x, y, box.width, box.height, "box", "rx=\"4\"");
  double ty = y + kPad + kLineHeight / 2;
  svg.text(x + kPad, ty, info.name, "name", "start");
  if (!box.typeText.empty())
    svg.text(x + kPad + textWidth(info.name) + 4, ty, box.typeText,
             "label type", "start");
  svg.text(x + kPad, ty + kLineHeight, info.opText, "optext", "start");
  double by = y + kPad + 2 * kLineHeight + 4;
  if (!info.error.empty())
    svg.text(x + kPad, by + kLineHeight / 2,
             "error: " + shorten(info.error, 60), "err", "start");
  else if (box.hasMatrix)
    box.matrix.draw(svg, x + (box.width - box.matrix.width) / 2, by);
  else if (info.seq)
    box.row.draw(svg, x + (box.width - box.row.width) / 2, by);
  svg.raw("</g>\n");
}

std::string edgeLabel(const ir::Op *user, unsigned operand) {
  switch (user->getKind()) {
  case ir::OpKind::Select:
    return operand == 0 ? "keys" : "queries";
  case ir::OpKind::SequenceMap:
    return "x" + std::to_string(operand);
  case ir::OpKind::Aggregate:
    return operand == 0 ? "" : "values";
  default:
    return "";
  }
}

/// The graph as an <svg> element (no XML prolog).
llvm::Expected<std::string> graphElement(const std::vector<OpInfo> &infos,
                                         interp::Interpreter &in) {
  std::vector<NodeBox> boxes;
  LayoutGraph graph;
  llvm::DenseMap<const ir::Op *, unsigned> index;
  for (const OpInfo &info : infos) {
    index[info.op] = boxes.size();
    boxes.push_back(makeNode(info, infos, in));
    graph.nodes.push_back({boxes.back().width, boxes.back().height});
  }
  for (const OpInfo &info : infos)
    for (unsigned i = 0; i < info.op->getNumOperands(); ++i)
      graph.edges.push_back({index[info.op->getOperand(i)], index[info.op],
                             edgeLabel(info.op, i)});
  llvm::Expected<Layout> layout = layoutGraph(graph);
  if (!layout)
    return layout.takeError();

  Svg svg;
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" width=\"" +
          num(layout->width) + "\" height=\"" + num(layout->height) +
          "\" viewBox=\"0 0 " + num(layout->width) + " " +
          num(layout->height) + "\">\n");
  svg.raw(std::string("<style>\n") + kStyle + "</style>\n");
  for (unsigned e = 0; e < graph.edges.size(); ++e) {
    const Layout::EdgeRoute &r = layout->edges[e];
    if (r.bezier.empty())
      continue;
    std::string d = "M" + num(r.bezier[0].x) + "," + num(r.bezier[0].y) + " C";
    for (unsigned i = 1; i < r.bezier.size(); ++i)
      d += " " + num(r.bezier[i].x) + "," + num(r.bezier[i].y);
    const LayoutGraph::Edge &ge = graph.edges[e];
    svg.raw("<g class=\"edge-group\" data-from=\"op" +
            std::to_string(infos[ge.from].op->getId()) + "\" data-to=\"op" +
            std::to_string(infos[ge.to].op->getId()) + "\">\n");
    svg.raw("<path class=\"edge\" d=\"" + d + "\"/>\n");
    if (r.hasArrow) {
      Point a = r.bezier.back(), t = r.arrowTip;
      double dx = t.x - a.x, dy = t.y - a.y;
      double len = std::sqrt(dx * dx + dy * dy);
      if (len > 0.01) {
        double ux = dx / len, uy = dy / len, w = 4;
        svg.raw("<polygon class=\"arrow\" points=\"" + num(t.x) + "," +
                num(t.y) + " " + num(a.x - uy * w) + "," + num(a.y + ux * w) +
                " " + num(a.x + uy * w) + "," + num(a.y - ux * w) + "\"/>\n");
      }
    }
    if (r.hasLabel)
      svg.text(r.labelCenter.x, r.labelCenter.y, ge.label, "elabel");
    svg.raw("</g>\n");
  }
  for (unsigned i = 0; i < boxes.size(); ++i)
    drawNode(svg, boxes[i], layout->nodeCenters[i].x,
             layout->nodeCenters[i].y);
  svg.raw("</svg>\n");
  return std::move(svg.str());
}

//===----------------------------------------------------------------------===//
// Page sections
//===----------------------------------------------------------------------===//

std::string inputDescription(interp::Interpreter &in) {
  std::string s = "[";
  for (const interp::InputItem &item : in.getInput()) {
    if (s.size() > 1)
      s += ", ";
    s += item.isAtom ? py::repr(item.atom) : item.reprText;
  }
  return s + "]";
}

/// A selector's matrix for the page: input labels plus, for a select, the
/// key values above and the query values to the left.
std::string selectorSection(const OpInfo &info, const std::vector<OpInfo> &all,
                            interp::Interpreter &in) {
  std::string out = "<section class=\"selector\" id=\"sel-op" +
                    std::to_string(info.op->getId()) + "\" data-name=\"" +
                    esc(info.name) + "\">\n<h3>" + esc(info.name) +
                    "</h3>\n<p class=\"optext\">" + esc(info.opText) +
                    "</p>\n";
  if (!info.sel) {
    out += "<p class=\"err\">error: " + esc(info.error) + "</p>\n</section>\n";
    return out;
  }
  std::vector<std::string> labels = inputLabels(in);
  Matrix m;
  m.n = labels.size();
  m.colLabels = {labels};
  m.rowLabels = {labels};
  m.corner = "q\\k";
  m.sel = info.sel;
  if (auto *s = llvm::dyn_cast<ir::SelectOp>(info.op)) {
    const interp::Sequence *keys = nullptr, *queries = nullptr;
    for (const OpInfo &o : all) {
      if (o.op == s->getKeys())
        keys = o.seq;
      if (o.op == s->getQueries())
        queries = o.seq;
    }
    if (keys && queries) {
      m.colLabels.push_back(seqTexts(*keys));
      m.rowLabels.push_back(seqTexts(*queries));
    }
  }
  m.measure();
  Svg svg;
  double w = m.width + 16, h = m.height + 16;
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\" width=\"" +
          num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) +
          " " + num(h) + "\">\n");
  m.draw(svg, 8, 8);
  svg.raw("</svg>\n");
  out += svg.str();
  if (m.colLabels.size() == 2)
    out += "<p class=\"note\">rows: queries (input, then query value); "
           "columns: keys (input, then key value)</p>\n";
  out += "</section>\n";
  return out;
}

std::string valuesTable(const std::vector<OpInfo> &infos,
                        interp::Interpreter &in) {
  std::string out = "<table class=\"values\">\n<tr><th>s-op</th><th>op</th>"
                    "<th>type</th>";
  std::vector<std::string> labels = inputLabels(in);
  for (unsigned i = 0; i < labels.size(); ++i)
    out += "<th>" + std::to_string(i) + ": " + esc(labels[i]) + "</th>";
  out += "</tr>\n";
  for (const OpInfo &info : infos) {
    if (info.op->isSelector())
      continue;
    out += "<tr data-name=\"" + esc(info.name) + "\"><td class=\"name\">" +
           esc(info.name) + "</td><td class=\"optext\">" + esc(info.opText) +
           "</td>";
    if (!info.seq) {
      out += "<td class=\"err\" colspan=\"" + std::to_string(labels.size() + 1) +
             "\">error: " + esc(info.error) + "</td></tr>\n";
      continue;
    }
    out += std::string("<td>") + interp::getSeqTypeName(info.seq->type) +
           "</td>";
    for (const std::string &v : seqTexts(*info.seq))
      out += "<td class=\"v\">" + esc(v) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

} // namespace

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

llvm::Expected<std::string> rasp::draw::renderGraphSvg(const ir::Op *root,
                                                       interp::Interpreter &in,
                                                       const NameFn &nameOf) {
  std::vector<OpInfo> infos = collect(root, in, nameOf);
  llvm::Expected<std::string> svg = graphElement(infos, in);
  if (!svg)
    return svg.takeError();
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + *svg;
}

std::string rasp::draw::pageStart(llvm::StringRef title,
                                  llvm::StringRef extraStyle) {
  std::string page =
      "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
      "lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" +
      esc(title) + "</title>\n<style>\n"
      "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
      "h1{font-size:1.4em}\nh2{font-size:1.15em;margin-top:1.6em}\n"
      "h3{font-size:1em;margin-bottom:0.2em;font-family:monospace}\n"
      "p.optext,td.optext{font-family:monospace;color:#555}\n"
      ".result,.input{font-family:monospace}\n"
      "table.values{border-collapse:collapse;font-family:monospace}\n"
      "table.values td,table.values th{border:1px solid #ccc;"
      "padding:2px 6px;text-align:center}\n"
      ".err{color:#c00}\nsection.selector{display:inline-block;"
      "vertical-align:top;margin:0 2em 1em 0}\n"
      ".note{font-size:0.85em;color:#777}\n";
  page += extraStyle;
  page += "</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n";
  return page;
}

std::string rasp::draw::pageEnd() { return "</body>\n</html>\n"; }

llvm::Expected<ProgramParts>
rasp::draw::programParts(const ir::Op *root, interp::Interpreter &in,
                         const NameFn &nameOf, llvm::StringRef heading) {
  std::vector<OpInfo> infos = collect(root, in, nameOf);
  llvm::Expected<std::string> graph = graphElement(infos, in);
  if (!graph)
    return graph.takeError();
  const OpInfo &top = infos.back();
  ProgramParts parts;
  parts.input = inputDescription(in);
  std::string &r = parts.resultLine;
  r = "<p class=\"result\">" + esc(top.name) + " = ";
  if (top.seq) {
    std::string vals = "[";
    for (const Atom &a : top.seq->values)
      vals += (vals.size() > 1 ? ", " : "") + atomText(a);
    r += esc(vals + "] (" + interp::getSeqTypeName(top.seq->type) + "s)");
  } else {
    r += "<span class=\"err\">error: " + esc(top.error) + "</span>";
  }
  r += "</p>\n";
  std::string h = heading.empty() ? "" : heading.str() + ": ";
  std::string &page = parts.sections;
  page += "<h2>" + esc(h) + "Computation graph</h2>\n<div class=\"graph\">\n" +
          *graph + "</div>\n";
  page += "<h2>" + esc(h) + "Selectors</h2>\n";
  bool anySel = false;
  for (const OpInfo &info : infos)
    if (info.op->isSelector()) {
      page += selectorSection(info, infos, in);
      anySel = true;
    }
  if (!anySel)
    page += "<p>(no selectors)</p>\n";
  page += "<h2>" + esc(h) + "Values</h2>\n" + valuesTable(infos, in);
  return parts;
}

llvm::Expected<std::string>
rasp::draw::renderProgramPage(const ir::Op *root, llvm::StringRef title,
                              interp::Interpreter &in, const NameFn &nameOf) {
  llvm::Expected<ProgramParts> parts = programParts(root, in, nameOf, "");
  if (!parts)
    return parts.takeError();
  return pageStart(title) + "<p class=\"input\">input: " +
         esc(parts->input) + "</p>\n" + parts->resultLine + parts->sections +
         pageEnd();
}
