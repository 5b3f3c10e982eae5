"""Reference breaks from PySAL mapclassify, for tests/classify_reference.rs.

    pip install mapclassify==2.10.0 numba   # numba: without it FisherJenks is pure Python (hours on 34,875 values)
    python3 tests/reference/make_mapclassify.py > tests/reference/mapclassify.json

Data (from ../shared/data): US county unemployment rates (unemployment.tsv, 3,218 values),
French commune populations (population-communes.csv without the COM: 34,875 values) and French
département populations (population-departements.csv, 107 values). mapclassify's `bins` are the
upper bounds of the classes; its classes are right-closed, as ours.
"""
import csv, json, sys, time, os
import numpy as np
import mapclassify

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.join(here, '..', '..', '..', 'shared', 'data')

def unemployment():
    with open(os.path.join(data, 'us', 'unemployment.tsv'), encoding='utf-8') as f:
        return [float(r['rate']) for r in csv.DictReader(f, delimiter='\t')]

def fr(name, keep):
    out = []
    with open(os.path.join(data, 'fr', name), encoding='cp1252', newline='') as f:
        for r in csv.DictReader(f, delimiter=';'):
            v = r['population'].replace('\u00a0', '').replace(' ', '').replace(',', '.')
            if v and keep(r['code']):
                out.append(float(v))
    return out

COM = ('975', '977', '978', '98')
datasets = {
    'us-unemployment': unemployment(),
    'fr-communes': fr('population-communes.csv', lambda c: not c.startswith(COM)),
    'fr-departements': fr('population-departements.csv', lambda c: True),
}

def run(y):
    y = np.asarray(y, dtype=float)
    out = {'n': int(len(y))}
    for k in (5, 7):
        for name, make in [
            ('equal-interval', lambda: mapclassify.EqualInterval(y, k=k)),
            ('quantile', lambda: mapclassify.Quantiles(y, k=k)),
            ('fisher-jenks', lambda: mapclassify.FisherJenks(y, k=k)),
            ('maximum-breaks', lambda: mapclassify.MaximumBreaks(y, k=k)),
            ('jenks-caspall', lambda: mapclassify.JenksCaspall(y, k=k)),
        ]:
            t0 = time.perf_counter()
            c = make()
            dt = time.perf_counter() - t0
            out[f'{name}/{k}'] = {'bins': [float(b) for b in c.bins], 'counts': [int(x) for x in c.counts], 'seconds': dt}
    for name, make in [
        ('std-mean', lambda: mapclassify.StdMean(y)),
        ('box-plot', lambda: mapclassify.BoxPlot(y, hinge=1.5)),
        ('box-plot-3', lambda: mapclassify.BoxPlot(y, hinge=3.0)),
        ('percentiles', lambda: mapclassify.Percentiles(y)),
        ('head-tail', lambda: mapclassify.HeadTailBreaks(y)),
    ]:
        c = make()
        out[name] = {'bins': [float(b) for b in c.bins], 'counts': [int(x) for x in c.counts]}
    return out

result = {'mapclassify': mapclassify.__version__, 'numpy': np.__version__,
          'datasets': {name: run(y) for name, y in datasets.items()}}
json.dump(result, sys.stdout, indent=1)
print()
