/**
 * The arithmetic of the attention schedules, on row-major Float64 tiles held in the scratchpad.
 * No I/O happens here; the schedules decide what is resident when these run.
 * @module
 */

/** C (ni×nj) += A (ni×nk) · Btᵀ, where Bt is nj×nk (rows of K, so the product is Q·Kᵀ). */
export function addMatMulNT(C: Float64Array, A: Float64Array, Bt: Float64Array, ni: number, nj: number, nk: number): void {
  if (nk >= 8) {
    for (let i = 0; i < ni; i++) {
      const a = i * nk;
      for (let j = 0; j < nj; j++) C[i * nj + j] += dot(A, a, Bt, j * nk, nk);
    }
    return;
  }
  // Thin k-chunks (standard attention streams d one column at a time when M is tight): a call per
  // entry would cost more than the arithmetic.
  for (let i = 0; i < ni; i++) {
    const a = i * nk;
    const c = i * nj;
    for (let j = 0; j < nj; j++) {
      const b = j * nk;
      let sum = 0;
      for (let k = 0; k < nk; k++) sum += A[a + k] * Bt[b + k];
      C[c + j] += sum;
    }
  }
}

/** Σ_k x[i+k]·y[j+k] for k < n, with four independent partial sums (the add latency chain is the bottleneck). */
function dot(x: Float64Array, i: number, y: Float64Array, j: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[i + k] * y[j + k];
    s1 += x[i + k + 1] * y[j + k + 1];
    s2 += x[i + k + 2] * y[j + k + 2];
    s3 += x[i + k + 3] * y[j + k + 3];
  }
  for (; k < n; k++) s0 += x[i + k] * y[j + k];
  return s0 + s1 + (s2 + s3);
}

/** C (ni×nj) += A (ni×nk) · Bm (nk×nj). */
export function addMatMulNN(C: Float64Array, A: Float64Array, Bm: Float64Array, ni: number, nj: number, nk: number): void {
  for (let i = 0; i < ni; i++) {
    const c = i * nj;
    for (let k = 0; k < nk; k++) {
      const a = A[i * nk + k];
      if (a === 0) continue;
      const b = k * nj;
      for (let j = 0; j < nj; j++) C[c + j] += a * Bm[b + j];
    }
  }
}

/** Multiply the first n words of x by s. */
export function scale(x: Float64Array, n: number, s: number): void {
  for (let i = 0; i < n; i++) x[i] *= s;
}

/** Set the first n words of x to v. */
export function fill(x: Float64Array, n: number, v: number): void {
  x.fill(v, 0, n);
}

/**
 * One FlashAttention-1 inner step (Dao et al. 2022, Algorithm 1, lines 9–13) for a Q block of
 * ni rows against a K/V block of nj rows. S (ni×nj) holds the scaled scores τ·Q_i·K_jᵀ and is
 * overwritten by P̃ = exp(S − m̃). O (ni×d) is the normalized output so far, l and m the row
 * sums and maxima so far (m = −∞, l = 0 before the first block); all three are updated in place:
 * m_new = max(m, m̃), l_new = e^{m−m_new}·l + e^{m̃−m_new}·l̃,
 * O ← (l·e^{m−m_new}·O + e^{m̃−m_new}·P̃·V_j) / l_new.
 */
export function flash1Update(
  S: Float64Array, O: Float64Array, l: Float64Array, m: Float64Array, V: Float64Array,
  ni: number, nj: number, d: number,
): void {
  for (let r = 0; r < ni; r++) {
    const s = r * nj;
    let mt = -Infinity;
    for (let c = 0; c < nj; c++) if (S[s + c] > mt) mt = S[s + c];
    let lt = 0;
    for (let c = 0; c < nj; c++) {
      const p = Math.exp(S[s + c] - mt);
      S[s + c] = p;
      lt += p;
    }
    const mNew = Math.max(m[r], mt);
    const a = Math.exp(m[r] - mNew);
    const b = Math.exp(mt - mNew);
    const lNew = a * l[r] + b * lt;
    const o = r * d;
    const keep = (l[r] * a) / lNew;
    for (let k = 0; k < d; k++) O[o + k] *= keep;
    for (let c = 0; c < nj; c++) {
      const w = (b * S[s + c]) / lNew;
      const v = c * d;
      for (let k = 0; k < d; k++) O[o + k] += w * V[v + k];
    }
    m[r] = mNew;
    l[r] = lNew;
  }
}

/**
 * One FlashAttention-2 inner step (Dao 2023, Algorithm 1, lines 8–10): O (ni×d) is kept
 * unnormalized, m_new = max(m, rowmax S), P̃ = exp(S − m_new) (written into S),
 * l ← e^{m−m_new}·l + rowsum P̃, O ← e^{m−m_new}·O + P̃·V_j.
 */
export function flash2Update(
  S: Float64Array, O: Float64Array, l: Float64Array, m: Float64Array, V: Float64Array,
  ni: number, nj: number, d: number,
): void {
  for (let r = 0; r < ni; r++) {
    const s = r * nj;
    let mNew = m[r];
    for (let c = 0; c < nj; c++) if (S[s + c] > mNew) mNew = S[s + c];
    const a = Math.exp(m[r] - mNew);
    let sum = 0;
    for (let c = 0; c < nj; c++) {
      const p = Math.exp(S[s + c] - mNew);
      S[s + c] = p;
      sum += p;
    }
    l[r] = a * l[r] + sum;
    m[r] = mNew;
    const o = r * d;
    for (let k = 0; k < d; k++) O[o + k] *= a;
    for (let c = 0; c < nj; c++) {
      const w = S[s + c];
      const v = c * d;
      for (let k = 0; k < d; k++) O[o + k] += w * V[v + k];
    }
  }
}

/**
 * Fold a block of scores S (ni×nj) into running row maxima m and sums l of exp(s − m) (the
 * online normalizer of Milakov & Gimelshein 2018); S is left unchanged.
 */
export function onlineRowStats(S: Float64Array, l: Float64Array, m: Float64Array, ni: number, nj: number): void {
  for (let r = 0; r < ni; r++) {
    const s = r * nj;
    let mNew = m[r];
    for (let c = 0; c < nj; c++) if (S[s + c] > mNew) mNew = S[s + c];
    let sum = 0;
    for (let c = 0; c < nj; c++) sum += Math.exp(S[s + c] - mNew);
    l[r] = Math.exp(m[r] - mNew) * l[r] + sum;
    m[r] = mNew;
  }
}

/** Turn row maxima m and sums l into log-sum-exp L = m + log l, in place in m. */
export function logSumExp(m: Float64Array, l: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) m[r] += Math.log(l[r]);
}
