//===- GraphLayout.h - Graphviz layout of boxes and arrows ------*- C++ -*-===//
//
/// \file
/// The one place that talks to Graphviz (libgvc/libcgraph, private to
/// RaspDraw). Callers give boxes of fixed size and the arrows between them;
/// `dot` places the boxes and routes the arrows. Drawing is the caller's job.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_DRAW_GRAPHLAYOUT_H
#define RASP_LIB_DRAW_GRAPHLAYOUT_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace rasp {
namespace draw {

struct Point {
  double x = 0, y = 0;
};

/// Input: boxes (sizes in points) and arrows between them.
struct LayoutGraph {
  struct Node {
    double width = 0, height = 0;
  };
  struct Edge {
    unsigned from = 0, to = 0;
    std::string label; ///< may be empty
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

/// Output, in SVG coordinates (y grows downwards, origin at the top left).
struct Layout {
  double width = 0, height = 0;
  std::vector<Point> nodeCenters;
  struct EdgeRoute {
    std::vector<Point> bezier; ///< 3k+1 cubic Bezier control points
    bool hasArrow = false;
    Point arrowTip; ///< where the arrowhead points, when hasArrow
    bool hasLabel = false;
    Point labelCenter;
  };
  std::vector<EdgeRoute> edges;
};

/// Lays \p graph out top to bottom with Graphviz's `dot`.
llvm::Expected<Layout> layoutGraph(const LayoutGraph &graph);

} // namespace draw
} // namespace rasp

#endif // RASP_LIB_DRAW_GRAPHLAYOUT_H
