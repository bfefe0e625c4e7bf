#!/usr/bin/env python3
"""Usage: python3 aggregate.py <dir with r*-jdk*.json>. Aggregate rounds r*-jdk{17,25}.json into the README tables.
Score: median ns/op over all measured iterations of all rounds; best: fastest iteration.
Ratio: per round, median of the implementation / median of the reference in the same round;
the table gives the median of the rounds' ratios and their range."""
import json, glob, statistics as st, sys
ABQ = 'TPE_ARRAY_BLOCKING_QUEUE'; FIX = 'FIXED_THREAD_POOL'
ORDER = ['WORKER_POOL','WORKER_POOL_LISTENER','WORKER_POOL_NOOP_LISTENER',ABQ,FIX,'SPRING_TASK_EXECUTOR']
TARGETS = {'WORKER_POOL': [(ABQ, 1.1), (FIX, 1.0)], 'WORKER_POOL_LISTENER': [(ABQ, 1.3)]}
SHORT = {ABQ: 'ABQ', FIX: 'fixed'}
def load(jdk):
    runs = {}
    for f in sorted(glob.glob(f'{DIR}/r*-jdk{jdk}.json')):
        for b in json.load(open(f)):
            key = (b['benchmark'].split('.')[-2].replace('Benchmark',''), b['params'].get('producers','–'), b['params']['implementation'])
            runs.setdefault(key, {})[f] = [x for fork in b['primaryMetric']['rawData'] for x in fork]
    return runs
def ratios(runs, g, impl, ref):
    a, b = runs[(g[0], g[1], impl)], runs[(g[0], g[1], ref)]
    return [st.median(a[f]) / st.median(b[f]) for f in a if f in b]
def table(jdk):
    runs = load(jdk)
    groups = sorted({(k[0], k[1]) for k in runs})
    print(f'\n#### JDK {jdk}\n')
    print('| Benchmark | Producers | Implementation | ns/op median | ns/op best | vs ABQ (range) | Target | Met? |')
    print('|---|---:|---|---:|---:|---:|---|---|')
    for g in groups:
        for impl in ORDER:
            r = runs.get((g[0], g[1], impl))
            if not r: continue
            allits = [x for its in r.values() for x in its]
            ra = ratios(runs, g, impl, ABQ)
            cell = f'{st.median(ra):.2f}× ({min(ra):.2f}–{max(ra):.2f})' if impl != ABQ else '1.00× (baseline)'
            tg, met = [], []
            for ref, lim in TARGETS.get(impl, []):
                rr = ratios(runs, g, impl, ref); m = st.median(rr)
                tg.append(f'≤ {lim}× {SHORT[ref]}: {m:.2f}× ({min(rr):.2f}–{max(rr):.2f})')
                verdict = 'met' if max(rr) <= lim else ('**missed**' if min(rr) > lim else ('missed (median)' if m > lim else 'met (median)'))
                if g[0] == 'RoundTrip': verdict = 'inconclusive (noise)'
                met.append(verdict)
            print(f'| {g[0]} | {g[1]} | {impl} | {st.median(allits):,.0f} | {min(allits):,.0f} | {cell} | {"<br>".join(tg)} | {"<br>".join(met)} |')
DIR = sys.argv[1] if len(sys.argv) > 1 else '.'
for jdk in ['17', '25']:
    table(jdk)
