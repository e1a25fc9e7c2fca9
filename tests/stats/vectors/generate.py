#!/usr/bin/python3
"""Writes the stats test vectors (*.json beside this script) from SciPy.

Run with Debian's Python and python3-scipy 1.10 (installed by scripts/setup):

    /usr/bin/python3 tests/stats/vectors/generate.py

The C++ tests in tests/stats/ read the JSON files and require agreement to 1e-6 relative.
Holm and Benjamini-Hochberg use statsmodels' multipletests when statsmodels is installed and
otherwise the textbook definitions below, written with NumPy. The reference per-run CSV is read
from ../shared/reference/ next to the repository; only the numbers derived from it are stored.
"""

import csv
import itertools
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
REFERENCE_CSV = os.path.join(os.path.dirname(REPO), "shared", "reference",
                             "review-residuals-scaling_v8.csv")
ALTERNATIVES = ["two-sided", "greater", "less"]


def finite_or_none(value):
    value = float(value)
    return value if math.isfinite(value) else None


def write(name, cases, extra=None):
    document = {
        "generator": "tests/stats/vectors/generate.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    if extra:
        document.update(extra)
    with open(os.path.join(HERE, name), "w") as out:
        json.dump(document, out, indent=1, allow_nan=False)
        out.write("\n")


def losses(rng, n, mean, sd):
    """Loss-like values rounded to 4 decimals, as training logs report them."""
    return [round(float(v), 4) for v in rng.normal(mean, sd, n)]


def read_reference():
    """Per-run rows of the reference CSV, with review_neutral named review."""
    rows = []
    with open(REFERENCE_CSV) as handle:
        for row in csv.DictReader(handle):
            variant = "review" if row["variant"] == "review_neutral" else row["variant"]
            rows.append({"config": row["size"], "variant": variant, "seed": int(row["seed"]),
                         "params": float(row["params_M"]) * 1e6,
                         "loss": float(row["val_loss"])})
    return rows


def reference_gaps(rows, baseline):
    """Per config (by treatment params): seeds, baseline − review gaps and both arms' losses."""
    configs = sorted({r["config"] for r in rows},
                     key=lambda c: next(r["params"] for r in rows
                                        if r["config"] == c and r["variant"] == "review"))
    result = []
    for config in configs:
        review = {r["seed"]: r for r in rows if r["config"] == config and r["variant"] == "review"}
        base = {r["seed"]: r for r in rows if r["config"] == config and r["variant"] == baseline}
        if not base:
            continue
        seeds = sorted(set(review) & set(base))
        result.append({
            "config": config,
            "params": next(iter(review.values()))["params"],
            "seeds": seeds,
            "gaps": [base[s]["loss"] - review[s]["loss"] for s in seeds],
            "treatment_losses": [review[s]["loss"] for s in sorted(review)],
            "baseline_losses": [base[s]["loss"] for s in sorted(base)],
        })
    return result


# --- datasets -----------------------------------------------------------------------------

def paired_datasets():
    rng = np.random.default_rng(101)
    sets = [
        ("small_positive", [1.52, 1.49, 1.51], [1.50, 1.48, 1.505]),
        ("mixed_signs", [1.0, 2.0, 3.0, 4.0, 5.0], [1.1, 1.7, 3.4, 3.6, 5.2]),
        ("two_pairs", [2.0, 3.0], [1.5, 2.9]),
    ]
    base = losses(rng, 8, 1.6, 0.02)
    sets.append(("eight_seeds", [b + round(float(g), 4) for b, g in
                                 zip(base, rng.normal(0.01, 0.006, 8))], base))
    base = losses(rng, 25, 2.0, 0.05)
    sets.append(("twenty_five_seeds", [round(b + float(g), 4) for b, g in
                                       zip(base, rng.normal(-0.003, 0.01, 25))], base))
    return sets


def undefined_paired():
    return [
        ("one_pair", [1.0], [0.5]),
        ("no_pairs", [], []),
        ("zero_variance", [1.5, 1.6, 1.7], [1.4, 1.5, 1.6]),
        ("non_finite", [1.0, float("nan"), 2.0], [0.5, 0.7, 0.9]),
    ]


def gap_datasets():
    """Differences for the rank and permutation tests: (name, differences)."""
    rng = np.random.default_rng(202)
    return [
        ("n3_all_positive", [0.01, 0.02, 0.015]),
        ("n5_mixed", [0.3, -0.1, 0.25, 0.4, -0.05]),
        ("n6_distinct", [1.5, -0.2, 0.7, 2.2, 0.9, 1.1]),
        ("n10_random", [round(float(v), 5) for v in rng.normal(0.2, 0.5, 10)]),
        ("n15_corn", [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]),
        ("n20_random", [round(float(v), 6) for v in rng.normal(0.05, 0.3, 20)]),
        ("ties", [0.5, -0.5, 1.0, 1.0, 2.0, -1.0, 3.0]),
        ("zeros", [0.0, 0.4, -0.1, 0.0, 0.9, 1.3, 0.6]),
        ("zeros_and_ties", [0.0, 0.2, 0.2, -0.2, 0.5, 0.7, 0.0, 0.9]),
        ("n60_random", [round(float(v), 6) for v in rng.normal(0.1, 1.0, 60)]),
    ]


# --- generators ---------------------------------------------------------------------------

def t_interval(mean, se, df, confidence):
    critical = stats.t.ppf(0.5 + confidence / 2, df)
    return mean - critical * se, mean + critical * se


def gen_paired_t():
    cases = []
    for name, x, y in paired_datasets():
        for alternative in ALTERNATIVES:
            result = stats.ttest_rel(x, y, alternative=alternative)
            d = np.subtract(x, y)
            se = d.std(ddof=1) / math.sqrt(len(d))
            interval = result.confidence_interval(0.95) if alternative == "two-sided" else None
            cases.append({
                "name": name, "x": x, "y": y, "alternative": alternative, "defined": True,
                "t": float(result.statistic), "df": float(result.df),
                "p": float(result.pvalue), "mean_difference": float(d.mean()), "se": se,
                "ci_low": float(interval.low) if interval else None,
                "ci_high": float(interval.high) if interval else None,
            })
    for name, x, y in undefined_paired():
        cases.append({"name": name, "x": [finite_or_none(v) for v in x], "y": y,
                      "alternative": "two-sided", "defined": False})
    return cases


def gen_welch_t():
    rng = np.random.default_rng(303)
    sets = [
        ("equal_sizes", [1.4903, 1.485, 1.4914], [1.4812, 1.4753, 1.4819]),
        ("unequal_sizes", losses(rng, 4, 1.6, 0.01), losses(rng, 7, 1.59, 0.03)),
        ("one_arm_constant", [2.0, 2.0, 2.0], [1.9, 2.1, 1.8, 2.05]),
        ("large", losses(rng, 30, 3.0, 0.2), losses(rng, 22, 3.05, 0.1)),
    ]
    cases = []
    for name, x, y in sets:
        for alternative in ALTERNATIVES:
            result = stats.ttest_ind(x, y, equal_var=False, alternative=alternative)
            vx = np.var(x, ddof=1) / len(x)
            vy = np.var(y, ddof=1) / len(y)
            df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
            difference = float(np.mean(x) - np.mean(y))
            low, high = t_interval(difference, math.sqrt(vx + vy), df, 0.95)
            cases.append({
                "name": name, "x": x, "y": y, "alternative": alternative, "defined": True,
                "t": float(result.statistic), "p": float(result.pvalue), "df": float(df),
                "mean_difference": difference, "se": math.sqrt(vx + vy),
                "ci_low": low, "ci_high": high,
            })
    for name, x, y in [("one_value", [1.0], [1.0, 2.0]),
                       ("both_constant", [1.0, 1.0], [2.0, 2.0, 2.0])]:
        cases.append({"name": name, "x": x, "y": y, "alternative": "two-sided",
                      "defined": False})
    return cases


def wilcoxon_min_p(n, tie_groups, zeros, alternative):
    """Smallest attainable p: every nonzero difference on the same side."""
    d = list(range(1, n + 1))
    if tie_groups or zeros:
        return None
    extreme = [-v for v in d] if alternative == "less" else d
    return float(stats.wilcoxon(extreme, alternative=alternative, method="exact").pvalue)


def gen_wilcoxon():
    cases = []
    for name, d in gap_datasets():
        nonzero = [v for v in d if v != 0]
        values, counts = np.unique(np.abs(nonzero), return_counts=True)
        has_ties = bool((counts > 1).any())
        has_zeros = len(nonzero) < len(d)
        exact = len(nonzero) <= 50 and not has_ties and not has_zeros
        method = "exact" if exact else "approx"
        for alternative in ALTERNATIVES:
            result = stats.wilcoxon(d, zero_method="wilcox", correction=False,
                                    alternative=alternative, method=method)
            case = {"name": name, "differences": d, "alternative": alternative,
                    "defined": True, "method": method, "statistic": float(result.statistic),
                    "p": float(result.pvalue), "n_used": len(nonzero),
                    "n_zeros": len(d) - len(nonzero), "has_ties": has_ties}
            if exact:
                case["min_attainable_p"] = wilcoxon_min_p(len(nonzero), False, False, alternative)
            cases.append(case)
    for name, d in [("all_zero", [0.0, 0.0, 0.0]), ("empty", []),
                    ("non_finite", [0.1, None, 0.3])]:
        cases.append({"name": name, "differences": d, "alternative": "two-sided",
                      "defined": False})
    return cases


def gen_permutation():
    def mean_difference(x, y, axis):
        return np.mean(x - y, axis=axis)

    cases = []
    for name, d in gap_datasets():
        if len(d) > 20:
            continue
        d = [float(v) for v in d]
        for alternative in ALTERNATIVES:
            result = stats.permutation_test((d, [0.0] * len(d)), mean_difference,
                                            permutation_type="samples", vectorized=True,
                                            n_resamples=np.inf, alternative=alternative)
            cases.append({"name": name, "differences": d, "alternative": alternative,
                          "defined": True, "statistic": float(result.statistic),
                          "p": float(result.pvalue), "draws": 2 ** len(d)})
    cases.append({"name": "empty", "differences": [], "alternative": "two-sided",
                  "defined": False})
    return cases


def gen_cohens_dz():
    cases = []
    for name, d in gap_datasets():
        d = np.asarray(d, dtype=float)
        cases.append({"name": name, "differences": d.tolist(), "defined": True,
                      "value": float(d.mean() / d.std(ddof=1))})
    for name, d in [("one", [0.3]), ("constant", [0.2, 0.2, 0.2])]:
        cases.append({"name": name, "differences": d, "defined": False})
    return cases


def holm(p):
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted


def benjamini_hochberg(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def gen_p_adjust():
    try:
        from statsmodels.stats.multitest import multipletests

        def adjust(p, method):
            return multipletests(p, method={"holm": "holm", "bh": "fdr_bh"}[method])[1]
        source = "statsmodels multipletests"
    except ImportError:
        def adjust(p, method):
            return holm(p) if method == "holm" else benjamini_hochberg(p)
        source = "NumPy implementation in generate.py (statsmodels not installed)"

    families = [
        ("five", [0.01, 0.04, 0.03, 0.005, 0.2]),
        ("ties", [0.02, 0.02, 0.5, 0.001]),
        ("one", [0.03]),
        ("caps_at_one", [0.6, 0.9, 0.7]),
        ("ten", [0.0001, 0.3, 0.049, 0.012, 0.8, 0.02, 0.002, 0.6, 0.04, 0.07]),
    ]
    cases = []
    for name, p in families:
        for method in ["holm", "bh"]:
            cases.append({"name": name, "method": method, "p": p,
                          "adjusted": [float(v) for v in adjust(p, method)]})
    return cases, {"p_adjust_source": source}


def slope_case(name, x, y):
    result = stats.linregress(x, y)
    df = len(x) - 2
    t = result.slope / result.stderr
    return {"name": name, "x": x, "y": y, "defined": True, "slope": float(result.slope),
            "intercept": float(result.intercept), "se": float(result.stderr), "t": float(t),
            "df": df, "p_two_sided": float(result.pvalue),
            "p_one_sided": float(stats.t.sf(t, df))}


def gen_slope():
    rng = np.random.default_rng(404)
    x = list(np.log10([60e6, 60e6, 150e6, 150e6, 320e6, 590e6, 590e6, 1e9]))
    cases = [
        slope_case("rising", x, [round(0.002 + 0.01 * (v - 7.7) + float(e), 5)
                                 for v, e in zip(x, rng.normal(0, 0.002, len(x)))]),
        slope_case("falling", [1.0, 2.0, 3.0, 4.0, 5.0], [0.5, 0.41, 0.35, 0.2, 0.18]),
        slope_case("three_points", [0.0, 1.0, 2.0], [1.0, 3.0, 2.0]),
    ]
    for name, xs, ys in [("two_points", [1.0, 2.0], [1.0, 2.0]),
                         ("same_x", [1.0, 1.0, 1.0], [1.0, 2.0, 3.0])]:
        cases.append({"name": name, "x": xs, "y": ys, "defined": False})
    return cases


def t_power(d_z, n, alpha, alternative):
    df = n - 1
    nc = d_z * math.sqrt(n)
    if alternative == "greater":
        power = stats.nct.sf(stats.t.isf(alpha, df), df, nc)
    elif alternative == "less":
        power = stats.nct.cdf(stats.t.ppf(alpha, df), df, nc)
    else:
        critical = stats.t.isf(alpha / 2, df)
        power = stats.nct.sf(critical, df, nc) + stats.nct.cdf(-critical, df, nc)
    # SciPy warns about far tails that it clips to 0; the sum must still be a number.
    assert math.isfinite(power), (d_z, n, alpha, alternative)
    return float(power)


def pairs_for_power(d_z, alpha, target, alternative):
    n = 2
    while t_power(d_z, n, alpha, alternative) < target:
        n += 1
    return n


def gen_power():
    cases = []
    for d_z, alpha, alternative in [(0.5, 0.05, "two-sided"), (1.2, 0.05, "two-sided"),
                                    (2.5, 0.05, "two-sided"), (0.3, 0.01, "two-sided"),
                                    (-0.8, 0.05, "two-sided"), (0.5, 0.05, "greater"),
                                    (-0.7, 0.05, "less"), (4.0, 0.05, "two-sided")]:
        n = pairs_for_power(d_z, alpha, 0.8, alternative)
        cases.append({"d_z": d_z, "alpha": alpha, "alternative": alternative,
                      "target_power": 0.8, "pairs_needed": n,
                      "power_at_needed": t_power(d_z, n, alpha, alternative),
                      "power_one_below": t_power(d_z, n - 1, alpha, alternative) if n > 2 else None,
                      "power_at_10": t_power(d_z, 10, alpha, alternative)})
    return cases


def gen_reference():
    """Every per-config statistic on the reference CSV, review against each baseline."""
    rows = read_reference()
    comparisons = []
    for baseline in ["highway", "standard"]:
        for item in reference_gaps(rows, baseline):
            gaps = item["gaps"]
            entry = dict(item, baseline=baseline)
            welch = stats.ttest_ind(item["baseline_losses"], item["treatment_losses"],
                                    equal_var=False)
            entry["welch_t"] = float(welch.statistic)
            entry["welch_p"] = float(welch.pvalue)
            if len(gaps) >= 2:
                paired = stats.ttest_rel(np.add(gaps, 0.0), np.zeros(len(gaps)))
                interval = paired.confidence_interval(0.95)
                entry.update(paired_t=float(paired.statistic), paired_df=float(paired.df),
                             paired_p=float(paired.pvalue), ci_low=float(interval.low),
                             ci_high=float(interval.high),
                             cohens_dz=float(np.mean(gaps) / np.std(gaps, ddof=1)))
                entry["seeds_for_80pct_power"] = pairs_for_power(entry["cohens_dz"], 0.05, 0.8,
                                                                 "two-sided")
            wilcoxon = stats.wilcoxon(gaps, method="exact")
            entry["wilcoxon_p"] = float(wilcoxon.pvalue)
            entry["mean_gap"] = float(np.mean(gaps))
            comparisons.append(entry)

    tested = [c for c in comparisons if "paired_p" in c]
    p = [c["paired_p"] for c in tested]
    for c, holm_p, bh_p in zip(tested, holm(p), benjamini_hochberg(p)):
        c["p_holm"] = float(holm_p)
        c["p_bh"] = float(bh_p)

    trends = []
    for baseline in ["highway", "standard"]:
        xs, ys = [], []
        for c in comparisons:
            if c["baseline"] == baseline:
                xs += [math.log10(c["params"])] * len(c["gaps"])
                ys += c["gaps"]
        trends.append(dict(slope_case(baseline, xs, ys), baseline=baseline))
    return comparisons, trends


def main():
    if not os.path.exists(REFERENCE_CSV):
        sys.exit(f"reference CSV not found: {REFERENCE_CSV}")
    write("paired_t.json", gen_paired_t())
    write("welch_t.json", gen_welch_t())
    write("wilcoxon.json", gen_wilcoxon())
    write("permutation.json", gen_permutation())
    write("cohens_dz.json", gen_cohens_dz())
    cases, extra = gen_p_adjust()
    write("p_adjust.json", cases, extra)
    write("slope.json", gen_slope())
    write("power.json", gen_power())
    comparisons, trends = gen_reference()
    write("reference.json", comparisons, {"trends": trends})


if __name__ == "__main__":
    main()
