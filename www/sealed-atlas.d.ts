// Types of window.SealedAtlas, the engine API (dist/sealed-atlas.js).

export interface EngineError extends Error {
  /** stable, machine-readable: json-syntax, json-eof, empty-input, binary-input, geometry, crs, csv-quote, topojson, column, ... */
  code: string;
  line?: number;
  column?: number;
  byte?: number;
  /** "feature 3 (id \"75\")" */
  feature?: string;
}

export interface ColumnInfo { name: string; type: 'key' | 'number' | 'text' | 'empty'; numberStyle?: 'fr' | 'en'; percent?: boolean; sample: string[];
  /** different values, for columns that are not numbers */
  distinct?: number; }
export interface Warning { code: string; message: string; at: { line?: number; column?: number; byte?: number; feature?: string } }

export interface DatasetInfo {
  format: 'geojson' | 'topojson' | 'csv' | 'json-records' | 'xlsx' | 'ods';
  encoding: string; gzip: boolean; kind: 'layer' | 'table';
  features?: number; rows?: number; geometryTypes?: string[]; vertices?: number; bbox?: [number, number, number, number] | null;
  /** a layer's suggested projection (Lambert-93 for metropolitan France, Equal Earth for the world, else Mercator) */
  projection?: string;
  /** TopoJSON objects or workbook sheets, to choose from */
  objects?: { name: string; geometries: number }[];
  columns: ColumnInfo[]; warnings: Warning[];
}

export interface Dataset {
  readonly length: number;
  infoJson: DatasetInfo;
  isLayer(): boolean;
  setColumnType(column: string, type: 'key' | 'number' | 'text'): void;
  columnType(column: string): 'key' | 'number' | 'text' | 'empty' | '';
  /** Adds number column `name`: `numerator` over column `denominator`, or, if it is "", over
   *  `perFeature` (a value per feature of the layer `join` joined this table to — its areas,
   *  `engine.featureAreas(layer)`, for a density), times `scale` (100: a percentage). JSON
   *  `{values, zero, missing}`: rows given a value, rows whose divisor is 0, rows lacking either. */
  addRatio(join: any, numerator: string, denominator: string, perFeature: Float64Array, scale: number, name: string): string;
  featureProperties(i: number): string;
  /** every cell of a column as text ("" where empty), in one call */
  columnTexts(column: string): string[];
  /** one cell as text (undefined where empty) */
  columnText(column: string, row: number): string | undefined;
  /** the features (rows) whose text in one of `columns` ("@id": the features' ids) matches what
   *  is typed, best first, at most `max`: accents, case, hyphens aside, "st" for "Saint" */
  search(columns: string[], query: string, max: number): Uint32Array;
  /** the layer with its polygons simplified to `degrees` (the same features): a turning globe's frames */
  coarse(degrees: number): Dataset;
  /** true when it was read in a worker (the page stayed responsive) */
  viaWorker: boolean;
  /** 2 when two workers read it (one half each), 1 otherwise */
  parts?: number;
  /** packs a layer's coordinates where that loses nothing (decimals: ~4 bytes a vertex instead of 16);
   *  layers from a worker and big ones read in the page already are */
  pack(): boolean;
  free(): void;
}

/** A layer projected, indexed and ranked for drawing (the engine's MapView). */
export interface MapView {
  /** [minx, miny, maxx, maxy] of what is drawn, projected units */
  bbox(): Float32Array;
  /** features with a geometry this projection does not draw */
  hiddenCount(): number;
  /** a point well inside feature f (projected units), empty if not drawn */
  anchor(f: number): Float32Array;
  /** the area each feature covers as drawn (projected units²; its polygons less their holes) */
  featureAreas(features: Uint32Array): Float64Array;
  free(): void;
}

export type LoadStage = 'decode' | 'parse' | 'project' | 'transfer' | 'rebuild';
export interface LoadOptions {
  /** a TopoJSON object */
  object?: string;
  /** a workbook sheet (default: the first with numbers) */
  sheet?: string;
  /** called as the file is read; `fraction` goes 0 → 1 during `parse` (GeoJSON) */
  onProgress?: (stage: LoadStage, fraction: number) => void;
  /** also project and index the layer off the page, with this projection or the suggested one ('auto');
   *  `map.setLayer(ds, thatProjection)` is then immediate */
  projection?: string;
  /** force reading in a worker (true) or in the page (false); default: a worker from 1 MB up (a
   *  .gz: from 1 MB of text, as its trailer gives it),
   *  in the page where the host's Content-Security-Policy forbids blob: workers */
  worker?: boolean;
  /** false: a big GeoJSON stays in one worker; default: from 8 MB of text up, a FeatureCollection is
   *  read by two workers, one half each (the same layer); true: whatever its size */
  parallel?: boolean;
}

export interface JoinReport {
  features: number; rows: number; matched: number; ambiguousFeatures: number; filteredOut: number; paddedTo: number | null;
  unmatchedRowCount: number; unmatchedRows: { key: string; row: number; line: number | null }[];
  unmatchedFeatureCount: number; unmatchedFeatures: { feature: number; key: string | null }[];
  duplicateRowKeyCount: number; duplicateRowKeys: { key: string; rows: number[]; lines: (number | null)[] }[];
  duplicateFeatureKeyCount: number; duplicateFeatureKeys: { key: string; features: number[] }[];
}
export interface Join { reportJson: JoinReport; row(feature: number): number; free(): void; }

export interface Classification { method: string; k: number; breaks: number[]; counts: number[]; missing: number; gvf: number; tai: number; adcm: number; notes: string[]; }
export interface LegendEntry { label: string; color: string; count: number; lo?: number; hi?: number }
export interface Choropleth {
  classes: Int32Array; colors: string[];
  legend: { classes: LegendEntry[]; noData: LegendEntry; categorical?: boolean };
  classification: Classification | null;
  /** Gives back the engine memory it holds (its classes and values) once it is replaced: Wasm memory never shrinks. */
  free(): void;
}
/** `scale`, `suffix`: how the legend shows the values (a rate of 0.097 as « 9.7% » with 100 and
 *  '%'); the values, the classes and `breaks` stay as the column holds them. */
export interface ChoroplethOptions { method?: string; k?: number; palette?: string; reverse?: boolean; pivot?: number; breaks?: number[]; locale?: 'fr' | 'en'; scale?: number; suffix?: string }

/** What an export adds: the legend's title (what the classes measure, in bold over them), the
 *  symbols' key's title, and how its numbers are written (default: the browser's locale). */
export interface ExportOptions { legendTitle?: string; symbolsTitle?: string; format?: (value: number) => string; }
/** `animate: true`: the move eased from where the map is to where it goes (frames drawn as a
 *  gesture's, the full redraw at the end), as the map's own keys and double click do; at once where
 *  the system asks for reduced motion, or with `map.animate = false`. */
export interface MoveOptions { animate?: boolean }

export declare class AtlasMap {
  constructor(container: HTMLElement, options?: { padding?: number; stroke?: string; noDataColor?: string; description?: string });
  setLayer(layer: Dataset, projection?: 'lambert93' | 'france-insets' | 'albers-usa' | 'albers-usa-territories' | 'albers' | 'mercator' | 'equirectangular' | 'equal-earth' | 'natural-earth' | 'orthographic' | 'conic-conformal'): this;
  setClasses(classes: Int32Array, colors: string[]): this;
  /** false: fill polygons with Canvas2D instead of the engine's rasteriser (default: the engine,
   *  Canvas2D anyway when a colour is not a plain CSS colour) */
  engineFill?: boolean;
  /** who drew the borders in the last render: 'engine' (up to two device pixels wide, with the
   *  fill), 'canvas' (wider, or Canvas2D fills) or 'none' (features too small for borders) */
  readonly lastStroke?: 'engine' | 'canvas' | 'none';
  fit(): this; reset(options?: MoveOptions): this; render(): this; renderNow(): number;
  /** Resolves once the map on the screen is complete (at once if no render is asked for or in
   *  progress): a big map's first map and its redraw after a gesture are spread over frames; an
   *  eased move's end, then its redraw. */
  drawn(): Promise<number>;
  /** zooms about (x, y) (CSS pixels in the map; its middle by default), which stays in place,
   *  within the zoom limits: out to a quarter of the home view's scale, in to 4096 times it */
  zoomBy(factor: number, x?: number | null, y?: number | null, options?: MoveOptions): this;
  panBy(dx: number, dy: number, options?: MoveOptions): this;
  /** false: every move at once, eased moves too (default: eased, unless the system asks for
   *  reduced motion) */
  animate?: boolean;
  /** how long an eased move takes, ms (default 250; a long zoom up to twice that) */
  easeMs?: number;
  /** whether an eased move is under way */
  moving(): boolean;
  /** the scale k within those limits */
  zoomLimit(k: number): number;
  featureAt(x: number, y: number): number;
  featureScreenPoint(feature: number): [number, number] | null;
  select(feature: number): void;
  /** Outlines a feature as when it is hovered (-1: none), from outside the map (a table's row): no 'hover' event. */
  outline(feature: number): void;
  /** What the map shows, in words (title, indicator, legend): the canvas's accessible name, read by screen readers. */
  describe(text: string): void;
  /** brings a feature to the middle of the map, zoomed in until it spans a third of it (never out
   *  of the home view, a large one whole); false if it is not drawn */
  zoomToFeature(feature: number, options?: MoveOptions): boolean;
  /** shows the projected point (x, y) at the map's CSS pixel (sx, sy), at scale k (within the
   *  zoom limits) */
  centreOn(x: number, y: number, k: number, sx: number, sy: number, options?: MoveOptions): this;
  /** zooms so that the box between CSS pixels (x0, y0) and (x1, y1) fills the map, its middle in
   *  the middle (what a drag with shift held asks) */
  zoomToBox(x0: number, y0: number, x1: number, y1: number, options?: MoveOptions): this;
  /** a host turning what it draws instead of panning (a globe): a one-finger drag calls it with the
   *  pointer's motion and place (CSS pixels in the map), an arrow key as a drag of a step from the
   *  middle (then 'dragend'), and the map pans only where it returns false */
  dragTurn?: ((dx: number, dy: number, x: number, y: number) => boolean) | null;
  /** places (longitude, latitude) of the features' label and symbol anchors, kept by a host that
   *  sets a new layer of the same features at every frame (a turning globe): each anchor is
   *  projected from its place, a feature without one gets the engine's and its place is added;
   *  setLayer clears it */
  anchorPlaces?: Map<number, number[]> | null;
  /** the places (longitude, latitude) of the anchors found so far, by feature (for anchorPlaces) */
  anchorPlacesFound(): Map<number, number[]>;
  on(event: 'hover', fn: (feature: number, at: { x: number; y: number } | null) => void): this;
  on(event: 'select', fn: (feature: number) => void): this;
  on(event: 'render', fn: (ms: number) => void): this;
  /** The map alone as the screen shows it (features, symbols, labels, scale bar) as PNG. */
  toPNG(scale?: 1 | 2 | 3, decorate?: (ctx: CanvasRenderingContext2D, w: number, h: number) => void): Promise<Blob>;
  /** The export's sheet as SVG: title, the map as the screen shows it (view, symbols, labels, scale
   *  bar), the legend with counts and histogram, the symbols' key, the source. */
  toSVG(choropleth: Choropleth, title?: string, source?: string, options?: ExportOptions): string;
  /** The same sheet as PNG at 1×, 2× or 3×. */
  toSheetPNG(choropleth: Choropleth, title?: string, source?: string, scale?: 1 | 2 | 3, options?: ExportOptions): Promise<Blob>;
  /** Proportional symbols (area ∝ value, largest first) over the map; `null` removes them.
   *  Without `color`, a fill that stands out from the classes' colours (see `symbolColor`).
   *  Negative values: symbols as large as their magnitude's, in `negativeColor` (see `symbolNegativeColor`).
   *  `colorBy: 'class'`: each symbol in its feature's class's colour, the features under them plain. */
  /** `fit`: on a map not moved since it was fitted, fitted again with room for every symbol whole. */
  setSymbols(values: Float64Array | number[] | null, options?: { maxRadius?: number; shape?: 'circle' | 'square'; color?: string; negativeColor?: string; stroke?: string; colorBy?: 'class' | null; fit?: boolean }): this;
  symbolRadius(value: number): number;
  /** One class's features in their colour, the others faded (a legend entry hovered); `null` for all.
   *  `i`: the class, or the number of classes for no data. */
  highlightClass(i: number | null): this;
  /** The class shown by `highlightClass`, or null. */
  highlighted: number | null;
  /** The symbols' fill, `#rrggbbaa` (null without symbols): the `color` given, else a blue, or
   *  over classes near it (Blues…) the colour farthest from them (an orange…), following them. */
  symbolColor(): string | null;
  /** The fill of negative values' symbols, `#rrggbbaa`: `negativeColor`, else one apart from the
   *  classes and from `symbolColor()` (null without symbols). */
  symbolNegativeColor(): string | null;
  /** The symbols' key: the largest magnitude and two round fractions of it, with their radii (CSS px). */
  symbolKey(): { value: number; r: number }[];
  /** Which colour is which sign where some value is negative (the signs present); empty otherwise. */
  symbolSigns(): { label: '> 0' | '< 0'; color: string }[];
  /** Labels at the poles of inaccessibility of the largest features, without overlaps; `null` removes them. */
  /** `names`: per feature, or a function of the feature index (asked only for features big enough to label);
   *  lines cut at '\n' (a name and its value under it), three at most */
  setLabels(names: string[] | ((feature: number) => string | null | undefined) | null, options?: { max?: number }): this;
  /** The labels the last render placed: their features, and their boxes in CSS pixels [x0, y0, x1, y1]
   *  (none over another, none over the scale bar). */
  readonly placedLabels?: number[];
  readonly labelBoxes?: [number, number, number, number][];
  /** During a gesture, frames re-use a snapshot of the last full render (large maps). */
  beginGesture(): void;
  /** Ends it: on a large map the full redraw that follows (and the level of detail a zoom needs) is
   *  spread over frames (about 8 ms of work each; the gesture's last frame stays on screen until it
   *  is complete), then 'render' fires. */
  endGesture(): void;
  /** Frames the last redraw spread over frames took (large maps: after a gesture, a first map). */
  readonly lastRenderFrames?: number;
  scaleBar: boolean;
  /** Where the scale bar is, CSS pixels [x0, y0, x1, y1] with its text; null when none is drawn. */
  scaleBarBox(): [number, number, number, number] | null;
  /** Takes the map out of its container and frees what it holds in the engine; not usable after. */
  destroy(): void;
}

export interface SealedAtlasAPI {
  version: string;
  ready: Promise<SealedAtlasAPI>;
  /** The engine's warm-up: as soon as it is ready, a worker runs its hot paths once on a small
   *  synthetic atlas, so that the first file runs on optimised code (off with
   *  `<script src="sealed-atlas.js" data-warm-up="off">`; not run where no worker can be made).
   *  `ms`: its time in the worker; `checksum`: features joined and hit, for tests; `rounds`: how
   *  many of its rounds ran (a file handed over meanwhile ends it after the round running). */
  warm: Promise<{ ran: boolean; ms: number; checksum: number; rounds?: number; error?: string;
    /** the page's part, once it was idle: a two-square map drawn off screen and removed (null when
     *  off); `ms` of the page's time, `stroke`: who drew its borders */
    page: { ms: number; stroke: string } | { error: string } | null }>;
  /** Reads a file; big ones in a worker (a blob: URL made from this script, nothing fetched). */
  load(input: Uint8Array | ArrayBuffer | Blob | string, name?: string, options?: LoadOptions): Promise<Dataset>;
  /** the layer in another projection, made in the worker for big layers (200,000 vertices and more);
   *  `map.setLayer(ds, projection)` then takes it over at once */
  project(layer: Dataset, projection: string): Promise<MapView>;
  /** false once a worker could not be made here (then files are read in the page) */
  workerAvailable(): boolean;
  /** whether the reader's worker (`2`: the second, which reads the second part of a big GeoJSON) is
   *  running: both are started as the page opens and stay until their first file; a worker ends
   *  1.5 s after its file is read ('ending' meanwhile), giving the parse's memory back */
  workerState(which?: 2): 'refused' | 'running' | 'ending' | 'none';
  /** starts the reader's worker ahead of a load (while a file is being chosen); resolves to whether there is one */
  prepareWorker(): Promise<boolean>;
  join(layer: Dataset, table: Dataset, geoKey: string, tableKey: string, options?: { trim?: boolean; ignoreCase?: boolean; ignoreAccents?: boolean; padZeros?: boolean; filter?: { column: string; value: string | number } }): Join;
  choropleth(join: Join, table: Dataset, column: string, options?: ChoroplethOptions): Choropleth;
  classify(values: ArrayLike<number>, method: string, k: number, breaks?: number[]): Promise<Classification>;
  palettes(): { name: string; family: string; colorblindSafe: boolean }[];
  methods(): string[];
  formatNumber(v: number, decimals: number, locale?: 'fr' | 'en'): string;
  /** A number as people write it in the locale (`1 000 000`, `2,5`, `12 %`), read as table cells are; undefined if the text is not one. */
  parseNumber(text: string, locale?: 'fr' | 'en'): number | undefined;
  /** A table as CSV for a spreadsheet in the locale's language (`fr`: `;` and a decimal comma; UTF-8 with a BOM,
   *  numbers whole, codes as text, formulas defused): columns of numbers (NaN: empty) or of text, as long as the first. */
  writeCsv(header: string[], columns: (ArrayLike<number> | ArrayLike<string | null>)[], locale?: 'fr' | 'en'): string;
  /** `map.toSVG(…)` and `map.toSheetPNG(…)`: one sheet, as SVG and as PNG. */
  exportSVG(map: AtlasMap, choropleth: Choropleth, title?: string, source?: string, options?: ExportOptions): string;
  exportPNG(map: AtlasMap, choropleth: Choropleth, title?: string, source?: string, scale?: 1 | 2 | 3, options?: ExportOptions): Promise<Blob>;
  Map: typeof AtlasMap;
  /** The raw binding: MapView, histogramSvg(values, classes, w, h), classifyPooled(values, lengths, method, k),
   *  joinedValues(join, table, column), selfJoin(layer), memoryBytes(), featureAreas(layer) (each
   *  feature's area on the WGS 84 ellipsoid, km²; NaN: no polygon). */
  engine: any;
  gunzipBase64(b64: string): Promise<Uint8Array>;
  /** gzip bytes → bytes (the browser's DecompressionStream). */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  /** base64 text → bytes. */
  fromBase64(b64: string): Uint8Array;
  /** A sealed atlas's data (`SAS1`…, see www/publish.mjs) opened with `key` (64 hex digits, or `#key=…`),
   *  from 1 MB up in the reader's worker; rejects with an Error with `code` `seal-key` (a key misread, or one
   *  that does not open them) or `seal-format`. */
  openSealed(sealed: Uint8Array, key: string): Promise<Uint8Array>;
}

declare global { interface Window { SealedAtlas: SealedAtlasAPI } }
