"""Lambert-93 reference points from PROJ, for tests/projections_reference.rs.
    pip install pyproj==3.7.2   # PROJ 9.5.1
    python3 tests/reference/make_lambert93.py > tests/reference/projections-proj.json
"""
import json, pyproj
t = pyproj.Transformer.from_crs(4326, 2154, always_xy=True)
pts = [(2.3522, 48.8566), (-4.48, 48.39), (7.75, 48.58), (9.45, 42.7), (3.0, 46.5), (-1.55, 47.22), (5.37, 43.3), (0.0, 51.0), (8.7, 41.9), (1.44, 43.6)]
print(json.dumps({"pyproj": pyproj.__version__, "proj": pyproj.proj_version_str,
                  "lambert93": [[lon, lat, *t.transform(lon, lat)] for lon, lat in pts]}, indent=1))
