//===- CurvesDraw.cpp - Training curves of a learned program --------------===//
//
// One SVG plot, epochs on the x axis: the training loss on the left axis
// (from 0 to its largest value) and the validation accuracy on the right
// axis (0 to 1). Each point is a circle with data-epoch and its value, so
// tests can read the curve back.
//
//===----------------------------------------------------------------------===//

#include "rasp/Draw/Draw.h"

#include "PageParts.h"
#include "SvgText.h"

#include <algorithm>
#include <cmath>

using namespace rasp;
using namespace rasp::draw;

namespace {

std::string fmt(const char *format, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

const char *kCurveStyle =
    "text{font-family:'DejaVu Sans Mono',monospace;font-size:11px;fill:#222}\n"
    ".axis{stroke:#444;stroke-width:1}\n.tick{stroke:#ccc;stroke-width:0.5}\n"
    ".loss{fill:none;stroke:#d9482b;stroke-width:1.8}\n"
    ".acc{fill:none;stroke:#2b6fd9;stroke-width:1.8}\n"
    "circle.loss{fill:#d9482b;stroke:none}\ncircle.acc{fill:#2b6fd9;"
    "stroke:none}\n.losslabel{fill:#d9482b}\n.acclabel{fill:#2b6fd9}\n";

} // namespace

std::string rasp::draw::renderCurvesSvg(llvm::ArrayRef<TrainingPoint> curve,
                                        bool standalone) {
  const double w = 560, h = 300, left = 56, right = 56, top = 24,
               bottom = 44;
  const double pw = w - left - right, ph = h - top - bottom;
  double maxLoss = 0;
  unsigned firstEpoch = curve.empty() ? 0 : curve.front().epoch;
  unsigned lastEpoch = firstEpoch;
  for (const TrainingPoint &p : curve) {
    if (std::isfinite(p.loss))
      maxLoss = std::max(maxLoss, p.loss);
    firstEpoch = std::min(firstEpoch, p.epoch);
    lastEpoch = std::max(lastEpoch, p.epoch);
  }
  if (maxLoss <= 0)
    maxLoss = 1;
  double span = lastEpoch > firstEpoch ? lastEpoch - firstEpoch : 1;
  auto xOf = [&](unsigned e) {
    return curve.size() == 1 ? left + pw / 2
                             : left + pw * (e - firstEpoch) / span;
  };
  auto yLoss = [&](double v) {
    if (!std::isfinite(v))
      v = maxLoss;
    return top + ph * (1 - std::max(0.0, v) / maxLoss);
  };
  auto yAcc = [&](double a) {
    return top + ph * (1 - std::max(0.0, std::min(1.0, a)));
  };

  Svg svg;
  if (standalone)
    svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"curves\" "
          "width=\"" + num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " +
          num(w) + " " + num(h) + "\">\n");
  svg.raw(std::string("<style>\n") + kCurveStyle + "</style>\n");
  // Grid and axes: five ticks on each y axis.
  for (int i = 0; i <= 4; ++i) {
    double y = top + ph * i / 4.0;
    svg.raw("<line class=\"tick\" x1=\"" + num(left) + "\" y1=\"" + num(y) +
            "\" x2=\"" + num(left + pw) + "\" y2=\"" + num(y) + "\"/>\n");
    svg.text(left - 4, y, fmt("%.3g", maxLoss * (4 - i) / 4.0),
             "losslabel tick-loss", "end");
    svg.text(left + pw + 4, y, fmt("%.2f", (4 - i) / 4.0), "acclabel tick-acc",
             "start");
  }
  svg.raw("<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top) +
          "\" x2=\"" + num(left) + "\" y2=\"" + num(top + ph) + "\"/>\n");
  svg.raw("<line class=\"axis\" x1=\"" + num(left + pw) + "\" y1=\"" +
          num(top) + "\" x2=\"" + num(left + pw) + "\" y2=\"" +
          num(top + ph) + "\"/>\n");
  svg.raw("<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" +
          num(top + ph) + "\" x2=\"" + num(left + pw) + "\" y2=\"" +
          num(top + ph) + "\"/>\n");
  // Epoch ticks: at most about ten.
  unsigned step = std::max(1u, unsigned(std::ceil(span / 10.0)));
  for (unsigned e = firstEpoch; e <= lastEpoch; e += step)
    svg.text(xOf(e), top + ph + 12, std::to_string(e), "label tick-epoch");
  svg.text(left + pw / 2, h - 8, "epoch", "label");
  svg.text(left, 12, "training loss", "losslabel", "start");
  svg.text(left + pw, 12, "validation accuracy", "acclabel", "end");
  if (curve.empty())
    svg.text(left + pw / 2, top + ph / 2, "(no epochs)", "label");

  auto series = [&](const char *cls, auto yOf, auto valueOf) {
    std::string d;
    for (const TrainingPoint &p : curve)
      d += (d.empty() ? "M" : " L") + num(xOf(p.epoch)) + "," +
           num(yOf(valueOf(p)));
    if (curve.size() > 1)
      svg.raw(std::string("<path class=\"") + cls + "\" d=\"" + d + "\"/>\n");
    for (const TrainingPoint &p : curve)
      svg.raw(std::string("<circle class=\"") + cls + "\" cx=\"" +
              num(xOf(p.epoch)) + "\" cy=\"" + num(yOf(valueOf(p))) +
              "\" r=\"2.5\" data-epoch=\"" + std::to_string(p.epoch) +
              "\" data-value=\"" + fmt("%.4f", valueOf(p)) + "\"/>\n");
  };
  series("loss", yLoss, [](const TrainingPoint &p) { return p.loss; });
  series("acc", yAcc, [](const TrainingPoint &p) { return p.valAccuracy; });
  svg.raw("</svg>\n");
  return std::move(svg.str());
}

llvm::Expected<std::string>
rasp::draw::renderLearnedPage(const ir::Op *root, llvm::StringRef title,
                              interp::Interpreter &in, const NameFn &nameOf,
                              llvm::ArrayRef<TrainingPoint> curve) {
  llvm::Expected<ProgramParts> parts = programParts(root, in, nameOf, "");
  if (!parts)
    return parts.takeError();
  std::string page = pageStart(title);
  page += "<p class=\"input\">input: " + esc(parts->input) + "</p>\n";
  page += parts->resultLine;
  page += "<h2>Training curves</h2>\n<div class=\"curves\">\n" +
          renderCurvesSvg(curve, /*standalone=*/false) + "</div>\n";
  if (!curve.empty()) {
    const TrainingPoint &last = curve.back();
    page += "<p class=\"note\">last epoch " + std::to_string(last.epoch) +
            ": loss " + fmt("%.4f", last.loss) + ", validation accuracy " +
            fmt("%.4f", last.valAccuracy) + "</p>\n";
  }
  page += parts->sections;
  page += pageEnd();
  return page;
}
