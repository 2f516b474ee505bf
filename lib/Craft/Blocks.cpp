//===- Blocks.cpp - Attention heads, MLPs and their combinations ----------===//

#include "rasp/Craft/Blocks.h"

#include "llvm/Support/raw_ostream.h"

#include <cassert>

using namespace rasp::craft;

VectorSpace AttentionHead::residualSpace() const {
  return VectorSpace::join({qk.in, qk.out, ov.in, ov.out});
}

void AttentionHead::print(llvm::raw_ostream &os) const {
  os << "attention head (coldness " << Value(coldness).str()
     << (causal ? ", causal" : "") << ")\n";
  os << " query ";
  qk.in.print(os);
  os << "\n key ";
  qk.out.print(os);
  os << "\n value ";
  ov.in.print(os);
  os << "\n output ";
  ov.out.print(os);
  os << "\n W_QK:\n";
  qk.print(os);
  os << " W_OV:\n";
  ov.print(os);
}

VectorSpace MultiAttentionHead::residualSpace() const {
  VectorSpace s;
  for (const AttentionHead &h : heads)
    s = VectorSpace::join(s, h.residualSpace());
  return s;
}

void MultiAttentionHead::print(llvm::raw_ostream &os) const {
  os << heads.size() << " parallel heads\n";
  for (const AttentionHead &h : heads)
    h.print(os);
}

MLP::MLP(MatrixInSpaces f, MatrixInSpaces s)
    : fst(std::move(f)), snd(std::move(s)) {
  assert(fst.out == snd.in && "MLP layers disagree on the hidden space");
}

VectorSpace MLP::residualSpace() const {
  return VectorSpace::join(fst.in, snd.out);
}

MLP MLP::combineInParallel(llvm::ArrayRef<MLP> mlps) {
  std::vector<const MatrixInSpaces *> fsts, snds;
  size_t hidden = 0;
  for (const MLP &m : mlps) {
    fsts.push_back(&m.fst);
    snds.push_back(&m.snd);
    hidden += m.hiddenSize();
  }
  MLP r(MatrixInSpaces::sum(fsts), MatrixInSpaces::sum(snds));
  (void)hidden;
  assert(r.hiddenSize() == hidden &&
         "MLPs combined in parallel must have disjoint hidden spaces");
  return r;
}

void MLP::print(llvm::raw_ostream &os) const {
  os << "mlp (hidden " << hiddenSize() << ")\n input ";
  fst.in.print(os);
  os << "\n output ";
  snd.out.print(os);
  os << "\n fst:\n";
  fst.print(os);
  os << " snd:\n";
  snd.print(os);
}

VectorSpace SeriesWithResiduals::residualSpace() const {
  return VectorSpace::join(attn.residualSpace(), mlp.residualSpace());
}

void SeriesWithResiduals::print(llvm::raw_ostream &os) const {
  os << "series:\n";
  attn.print(os);
  mlp.print(os);
}
