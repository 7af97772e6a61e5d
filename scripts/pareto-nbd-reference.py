#!/usr/bin/env python3
"""
Pareto/NBD on Online Retail, outside Clientele: where does an issue's "−37,345.30" come from? (issue #15, item 5)

Builds several per-customer summaries (x, t_x, T) from the raw file, then for each:
  * the maximum of the Pareto/NBD log-likelihood (multi-start Nelder-Mead then BFGS over log-parameters), in weeks,
    with the likelihood's integral form by Gauss-Legendre (hyp2f1 is slow where beta >> alpha, where these optima are);
  * the procedure of the reference library (Python `lifetimes`, ParetoNBDFitter.fit as published): times scaled so the
    longest T is 1, Nelder-Mead from a start drawn from N(1, 0.05) per parameter, tol 1e-4, maxiter 2000. Its fitted
    value is the log-likelihood in those scaled units; converted back to weeks it is LL_scaled - sum(x) * ln(max T).
The likelihood is the two-term form of Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
Expressions", eqs. 18-20 (written here from the note, with scipy's hyp2f1). Needs only numpy and scipy.

Summaries:
  clientele-exact   Clientele's CLV input: exact duplicate lines dropped; a day counts when it has a sale and a
                    positive net amount (or no negative line), net summed exactly (fractions).
  clientele-float   the same with floating-point sums (Clientele before issue #15: 9 customers gain a day).
  lines-all         every line with a customer, a day with any line is a purchase day (the library's
                    summary_data_from_transaction_data on the raw lines, freq 'D').
  lines-positive    the same on lines with Quantity > 0 only (the usual tutorial filter).

Usage: python3 scripts/pareto-nbd-reference.py [path/to/online_retail.csv]
(slow: 5 to 10 minutes per summary, since the replayed procedure calls scipy's hyp2f1, slow where beta >> alpha)
"""
import csv
import datetime as dt
import sys
import warnings
from collections import defaultdict
from fractions import Fraction

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, logsumexp

warnings.filterwarnings("ignore")
END = dt.date(2011, 12, 9)  # the last order day: every summary's calibration end


def read(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return list(reader)


def clientele_days(rows, exact):
    seen, days = set(), {}
    for r in rows:
        key = tuple(r)
        if key in seen:
            continue
        seen.add(key)
        inv, _, _, q, date, price, cust, _ = r
        cust, q = cust.strip(), int(q)
        if cust == "" or q == 0 or price.strip().startswith("-"):
            continue
        amount = q * Fraction(price) if exact else q * float(price)
        d = days.setdefault((cust, date[:10]), [False, 0, float("inf")])
        d[0] = d[0] or (q > 0 and not inv.upper().startswith("C"))
        d[1] += amount
        d[2] = min(d[2], amount)
    out = defaultdict(list)
    for (cust, day), (sale, net, low) in days.items():
        if sale and (net > 0 or low >= 0):
            out[cust].append(day)
    return out


def line_days(rows, positive_only):
    out = defaultdict(set)
    for r in rows:
        cust = r[6].strip()
        if cust and (not positive_only or int(r[3]) > 0):
            out[cust].add(r[4][:10])
    return out


def summary(per_customer):
    """(x, t_x, T) in weeks, customers with T > 0 (a customer first buying on the last day adds 0 to the likelihood)."""
    x, tx, T = [], [], []
    for days in per_customer.values():
        ds = sorted({dt.date.fromisoformat(d) for d in days})
        t = (END - ds[0]).days
        if t > 0:
            x.append(len(ds) - 1)
            tx.append((ds[-1] - ds[0]).days / 7)
            T.append(t / 7)
    return np.array(x, float), np.array(tx), np.array(T)


def log_likelihood(p, x, tx, T):
    """Per-customer ln L (Fader & Hardie 2005 note, eqs. 18-20), without the constant -ln x!."""
    r, alpha, s, beta = p
    big, small, k = (alpha, beta, s + 1) if alpha >= beta else (beta, alpha, r + x)
    rsx = r + s + x
    f_tx = hyp2f1(rsx, k, rsx + 1, (big - small) / (big + tx))
    f_T = hyp2f1(rsx, k, rsx + 1, (big - small) / (big + T))
    # ln A0 = ln(F(t_x)/(big+t_x)^rsx - F(T)/(big+T)^rsx), by a signed log-sum-exp
    log_a0, sign = logsumexp(
        [np.log(f_tx) - rsx * np.log(big + tx), np.log(f_T) - rsx * np.log(big + T)], axis=0, b=[np.ones_like(x), -np.ones_like(x)], return_sign=True
    )
    dead = np.where(sign > 0, np.log(s) - np.log(rsx) + log_a0, -np.inf)
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + np.logaddexp(alive, dead)


NODES, WEIGHTS = np.polynomial.legendre.leggauss(64)


def log_likelihood_integral(p, x, tx, T):
    """The same ln L from the integral form, s * int_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau, by 64-point
    Gauss-Legendre in y = ln(min(alpha, beta) + tau), scaled at t_x. Fast where hyp2f1 is slow (beta >> alpha)."""
    r, alpha, s, beta = p
    m = min(alpha, beta)
    y0, y1 = np.log(m + tx), np.log(m + T)
    y = (y0 + y1)[:, None] / 2 + (y1 - y0)[:, None] / 2 * NODES[None, :]
    tau = np.exp(y) - m
    g = lambda t: -(r + x[:, None]) * np.log(alpha + t) - (s + 1) * np.log(beta + t)
    top = g(tx[:, None])[:, 0]
    integral = ((y1 - y0) / 2) * (np.exp(g(tau) - top[:, None] + y) * WEIGHTS[None, :]).sum(axis=1)
    alive = np.exp(-(r + x) * np.log(alpha + T) - s * np.log(beta + T) - top)
    return gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + top + np.log(alive + s * integral)


def maximum(x, tx, T):
    def nll(theta):
        if np.any(np.abs(theta) > 25):
            return 1e300
        per = log_likelihood_integral(np.exp(theta), x, tx, T)
        return -per.sum() if np.all(np.isfinite(per)) else 1e300

    best = None
    for start in [(0, 0, 0, 0), (0, 2, 0, 2), (-0.5, 1, 1, 4)]:
        o = minimize(nll, np.array(start, float), method="Nelder-Mead", options={"maxiter": 3000, "xatol": 1e-7, "fatol": 1e-7})
        o = minimize(nll, o.x, method="BFGS")
        if best is None or o.fun < best.fun:
            best = o
    return np.exp(best.x), -best.fun


def reference_procedure(x, tx, T, seed):
    scale = 1.0 / T.max()

    def nll(p):
        if np.any(np.asarray(p) <= 0):
            return np.inf
        return -log_likelihood(p, x, tx * scale, T * scale).sum()

    start = np.random.default_rng(seed).normal(1.0, 0.05, 4)
    o = minimize(nll, x0=start, method="Nelder-Mead", tol=1e-4, options={"maxiter": 2000})
    ll_scaled = -o.fun
    return ll_scaled, ll_scaled - x.sum() * np.log(T.max()), o.nit


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online_retail/online_retail.csv"
    rows = read(path)
    summaries = {
        "clientele-exact": summary(clientele_days(rows, True)),
        "clientele-float": summary(clientele_days(rows, False)),
        "lines-all": summary(line_days(rows, False)),
        "lines-positive": summary(line_days(rows, True)),
    }
    print("summary          customers  sum x   max LL (weeks)   at (r, alpha, s, beta)                  reference procedure, 3 seeds: LL scaled -> weeks")
    for name, (x, tx, T) in summaries.items():
        p, ll = maximum(x, tx, T)
        runs = [reference_procedure(x, tx, T, seed) for seed in range(3)]
        shown = "; ".join(f"{a:,.2f} -> {b:,.2f} ({n} it)" for a, b, n in runs)
        print(f"{name:16} {len(x):9,} {int(x.sum()):6,} {ll:16,.2f}   ({p[0]:.4f}, {p[1]:.3f}, {p[2]:.2e}, {p[3]:.3g})   {shown}")


if __name__ == "__main__":
    main()
