#!/usr/bin/env python3
"""budget_ref.py: an independent reference for `ogas budget`, in plain Python with exact fractions.

    budget_ref.py FILE.pb RULE [cardinality]     prints the selected project ids, one line, in order
    budget_ref.py --random SEED OUT.pb           writes a random approval election

Written from the rules' definitions (Peters, Pierczynski & Skowron 2021 for equal shares; pabulib's
checker for Add1 and the comparison step; pabutools for sequential Phragmen), one voter at a time and
with fractions everywhere: slow, simple and exact. Ties: lower cost, then more votes, then project id.
"""
import random
import sys
from fractions import Fraction


def read_pb(path):
    sec, hdr = None, None
    meta, projects, votes = {}, [], []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            if line.strip() in ("META", "PROJECTS", "VOTES"):
                sec, hdr = line.strip(), None
                continue
            row = line.split(";")  # the test files have no quoted fields
            if hdr is None:
                hdr = row
                continue
            d = dict(zip(hdr, row))
            if sec == "META":
                meta[d["key"]] = d["value"]
            elif sec == "PROJECTS":
                projects.append(d)
            else:
                votes.append(d)
    return meta, projects, votes


def id_key(pid):
    return (0, int(pid), "") if pid.isdigit() and len(pid) <= 18 else (1, 0, pid)


def main_rule(path, rule, cardinality):
    meta, projects, votes = read_pb(path)
    budget = int(meta["budget"])
    cost = {p["project_id"]: int(p["cost"]) for p in projects}
    ids = [p["project_id"] for p in projects]
    vt = meta["vote_type"]
    ballots = []
    for v in votes:
        b = [x for x in v.get("vote", "").split(",") if x]
        pts = [int(x) for x in v["points"].split(",")] if vt in ("cumulative", "scoring") else None
        ballots.append((b, pts))
    maxlen = int(meta["max_length"]) if "max_length" in meta else max((len(b) for b, _ in ballots), default=0)
    votes_n = {p: 0 for p in ids}
    score = {p: 0 for p in ids}
    for b, pts in ballots:
        for r, p in enumerate(b):
            votes_n[p] += 1
            score[p] += pts[r] if pts else (maxlen - r if vt == "ordinal" else 1)

    def tie_key(p):
        return (cost[p], -votes_n[p], id_key(p))

    def greedy(key, skip=True, threshold=None):
        left, out = budget, []
        for p in sorted(ids, key=lambda p: (-key[p],) + tie_key(p)):
            if threshold is not None and key[p] < threshold:
                continue
            if cost[p] <= left:
                out.append(p)
                left -= cost[p]
            elif not skip:
                break
        return out

    approvers = {p: [i for i, (b, _) in enumerate(ballots) if p in b] for p in ids}
    n = len(ballots)

    def mes(share):
        bud = [Fraction(share)] * n
        util = {p: (1 if cardinality else cost[p]) for p in ids}
        cand = [p for p in ids if approvers[p]]
        out = []
        while True:
            best, best_rho = [], None
            for p in list(cand):
                money = sum(bud[i] for i in approvers[p])
                if money < cost[p]:
                    cand.remove(p)
                    continue
                # smallest per-supporter payment q with sum(min(b_i, q)) = cost
                bs = sorted(bud[i] for i in approvers[p])
                paid, k = Fraction(0), len(bs)
                for b in bs:
                    q = (cost[p] - paid) / k
                    if q > b:
                        paid += b
                        k -= 1
                    else:
                        break
                q = (cost[p] - paid) / k
                rho = q / util[p]
                if best_rho is None or rho < best_rho:
                    best, best_rho = [p], rho
                elif rho == best_rho:
                    best.append(p)
            if not best:
                return out
            w = min(best, key=tie_key)
            q = best_rho * util[w]
            for i in approvers[w]:
                bud[i] = bud[i] - q if bud[i] > q else Fraction(0)
            out.append(w)
            cand.remove(w)

    def total(s):
        return sum(cost[p] for p in s)

    def phragmen():
        load = [Fraction(0)] * n
        cand = [p for p in ids if approvers[p] and cost[p] <= budget]
        out, spent = [], 0
        while cand:
            t = {p: (cost[p] + sum(load[i] for i in approvers[p])) / len(approvers[p]) for p in cand}
            m = min(t.values())
            w = min((p for p in cand if t[p] == m), key=tie_key)
            if spent + cost[w] > budget:
                break
            out.append(w)
            spent += cost[w]
            for i in approvers[w]:
                load[i] = m
            cand.remove(w)
        return out

    if rule in ("greedy", "greedy-no-skip"):
        return greedy(score, skip=(rule == "greedy"))
    if rule == "greedy-threshold":
        return greedy(score, threshold=int(meta["min_project_score_threshold"]))
    if rule == "phragmen":
        return phragmen()
    if rule == "max-welfare":
        best, best_val = [], None
        m = len(ids)
        for mask in range(1 << m):
            s = [ids[k] for k in range(m) if mask >> k & 1]
            c = total(s)
            if c > budget:
                continue
            val = (sum(score[p] for p in s), -c)
            if best_val is None or val > best_val:
                best, best_val = s, val
        return best
    if rule.startswith("equalshares"):
        out = mes(Fraction(budget, n))
        if "/add1" in rule or "add1-exhaustive" in rule:
            napproved = sum(1 for p in ids if approvers[p])
            a = (budget // n) * n
            while len(out) < napproved:
                if rule.endswith("exhaustive") and all(cost[p] > budget - total(out) for p in ids if p not in out):
                    break
                a += n
                nxt = mes(Fraction(a, n))
                if total(nxt) > budget:
                    break
                out = nxt
        if "comparison" in rule:
            g = greedy(votes_n)
            sat_m = [sum(1 for p in out if p in b) for b, _ in ballots]
            sat_g = [sum(1 for p in g if p in b) for b, _ in ballots]
            pm = sum(1 for x, y in zip(sat_m, sat_g) if x > y)
            pg = sum(1 for x, y in zip(sat_m, sat_g) if y > x)
            if pg > pm:
                out = g
        return out
    raise SystemExit("unknown rule " + rule)


def random_election(seed, path):
    rng = random.Random(seed)
    m = rng.randint(2, 9)
    n = rng.randint(1, 40)
    costs = [rng.choice([rng.randint(1, 20), rng.randint(1, 5) * 10]) for _ in range(m)]
    budget = rng.randint(max(costs) // 2 + 1, sum(costs))
    pop = [rng.random() for _ in range(m)]
    lines = ["META", "key;value", "description;random election %d" % seed, "num_projects;%d" % m,
             "num_votes;%d" % n, "budget;%d" % budget, "vote_type;approval", "rule;equalshares/add1",
             "PROJECTS", "project_id;cost"]
    for j in range(m):
        lines.append("%d;%d" % (j + 1, costs[j]))
    lines += ["VOTES", "voter_id;vote"]
    for i in range(n):
        b = [str(j + 1) for j in range(m) if rng.random() < pop[j]]
        lines.append("v%d;%s" % (i, ",".join(b)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--random":
        random_election(int(sys.argv[2]), sys.argv[3])
    else:
        print(",".join(main_rule(sys.argv[1], sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "cardinality")))
