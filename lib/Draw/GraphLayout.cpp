//===- GraphLayout.cpp - Graphviz layout of boxes and arrows --------------===//
//
// Builds a cgraph graph of fixed-size boxes, runs the `dot` layout through
// libgvc and reads back the box centres and arrow splines. Graphviz's
// messages are captured and returned as the error of a failed layout.
//
//===----------------------------------------------------------------------===//

#include "GraphLayout.h"

#include <gvc.h>

#include <cstdio>
#include <string>

using namespace rasp;
using namespace rasp::draw;

namespace {
/// Graphviz reports problems through a process-wide callback.
std::string *gvMessages = nullptr;

int captureGraphvizMessage(char *msg) {
  if (gvMessages && msg)
    *gvMessages += msg;
  return 0;
}

void setAttr(void *obj, const char *name, const std::string &value) {
  agsafeset(obj, const_cast<char *>(name), const_cast<char *>(value.c_str()),
            const_cast<char *>(""));
}

std::string inches(double points) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", points / 72.0);
  return buf;
}
} // namespace

llvm::Expected<Layout> rasp::draw::layoutGraph(const LayoutGraph &graph) {
  std::string messages;
  gvMessages = &messages;
  agusererrf prevErrf = agseterrf(captureGraphvizMessage);
  auto restore = [&] {
    agseterrf(prevErrf);
    gvMessages = nullptr;
  };

  // One Graphviz context for the whole process, never freed. Graphviz 2.42's
  // pango text-layout plugin caches, in a static, a pointer to the last font
  // name it measured, and that string belongs to the context's font table:
  // after gvFreeContext the next context's first edge label compares with
  // freed memory (heap-use-after-free under ASan in textspan_size, second
  // `draw` of a session). A context that outlives every layout keeps the
  // pointer valid; it is still reachable, so LeakSanitizer is silent.
  static GVC_t *const gvc = gvContext();
  if (!gvc) {
    restore();
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot start Graphviz");
  }
  Agraph_t *g = agopen(const_cast<char *>("rasp"), Agdirected, nullptr);
  setAttr(g, "rankdir", "TB");
  setAttr(g, "nodesep", "0.35");
  setAttr(g, "ranksep", "0.45");

  std::vector<Agnode_t *> nodes;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    std::string name = "n" + std::to_string(i);
    Agnode_t *n = agnode(g, const_cast<char *>(name.c_str()), 1);
    setAttr(n, "shape", "box");
    setAttr(n, "fixedsize", "true");
    setAttr(n, "label", "");
    setAttr(n, "width", inches(graph.nodes[i].width));
    setAttr(n, "height", inches(graph.nodes[i].height));
    nodes.push_back(n);
  }
  std::vector<Agedge_t *> edges;
  for (const LayoutGraph::Edge &e : graph.edges) {
    Agedge_t *edge = agedge(g, nodes[e.from], nodes[e.to], nullptr, 1);
    if (!e.label.empty()) {
      setAttr(edge, "label", e.label);
      setAttr(edge, "fontsize", "10");
      setAttr(edge, "fontname", "Courier");
    }
    edges.push_back(edge);
  }

  if (gvLayout(gvc, g, "dot") != 0) {
    agclose(g);
    restore();
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "Graphviz could not lay out the graph" +
            (messages.empty() ? std::string() : ": " + messages));
  }

  const double pad = 8;
  boxf bb = GD_bb(g);
  auto toSvg = [&](pointf p) {
    return Point{p.x - bb.LL.x + pad, bb.UR.y - p.y + pad};
  };
  Layout out;
  out.width = bb.UR.x - bb.LL.x + 2 * pad;
  out.height = bb.UR.y - bb.LL.y + 2 * pad;
  for (Agnode_t *n : nodes)
    out.nodeCenters.push_back(toSvg(ND_coord(n)));
  for (Agedge_t *e : edges) {
    Layout::EdgeRoute route;
    splines *spl = ED_spl(e);
    if (spl && spl->size > 0) {
      const bezier &bz = spl->list[0];
      for (int i = 0; i < bz.size; ++i)
        route.bezier.push_back(toSvg(bz.list[i]));
      if (bz.eflag) {
        route.hasArrow = true;
        route.arrowTip = toSvg(bz.ep);
      }
    }
    if (textlabel_t *lbl = ED_label(e)) {
      route.hasLabel = true;
      route.labelCenter = toSvg(lbl->pos);
    }
    out.edges.push_back(std::move(route));
  }

  gvFreeLayout(gvc, g);
  agclose(g);
  restore();
  return out;
}
