import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { I18n } from '../i18n/translate.ts';
import { compactNumber } from '../i18n/compact.ts';
import { DataTable } from './data-table.tsx';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/**
 * There is no canvas on the server to measure text, and ECharts' fallback counts every
 * non-Latin character as one em, which doubles the width of Persian labels and pushes them
 * out of the picture. These are Vazirmatn's approximate advance widths, in ems.
 */
function estimateWidth(text: string, font?: string): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  let ems = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x200b && c <= 0x200f) || (c >= 0x2066 && c <= 0x2069) || c === 0x061c) continue;
    if (ch === ' ') ems += 0.28;
    else if (/[0-9\u06f0-\u06f9\u0660-\u0669]/.test(ch)) ems += 0.58;
    else if (c >= 0x0600 && c <= 0x06ff) ems += 0.62;
    else if (/[A-Z]/.test(ch)) ems += 0.68;
    else if (/[a-z]/.test(ch)) ems += 0.55;
    else if (c < 0x80) ems += 0.38;
    else ems += 0.7;
  }
  return { width: ems * size };
}
echarts.setPlatformAPI({ measureText: estimateWidth });

export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  values: readonly number[];
}

export interface ChartProps {
  i18n: I18n;
  /** The chart's accessible name and the caption of its data table. */
  title: string;
  /** Header of the table's first column, which names each category. */
  categoryHeader: string;
  /** Category labels, already written for the reader (digits, names). */
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** `count`: whole numbers (compact on the picture, exact in the table); `share`: fractions 0..1 shown as percentages. */
  format?: 'count' | 'share';
  /** `horizontal` lays categories down the side, for long names. */
  orientation?: 'vertical' | 'horizontal';
  csvHref?: string;
  /** Width of the picture on wide screens; small screens get a narrower drawing of their own. */
  width?: number;
  height?: number;
  /**
   * How many categories at the end are left out of the picture but kept in the table — a day
   * that is not over yet would be drawn as a fall; `note` should say so.
   */
  leaveOutLast?: number;
  /** A sentence shown under the picture, e.g. what it leaves out. */
  note?: string;
  /** Folds the table under a summary, for pages meant to be read at a glance. */
  foldTable?: boolean;
}

/** AA-contrast colours from the site palette: brand, link, warning (the legend's swatches use the same, see site.css). */
const palette = ['#0b5e55', '#0b4f9c', '#8a4b00'];
const fontFamily = 'Vazirmatn, system-ui, sans-serif';
/** Every text on a chart is at least this size, in CSS pixels at the size it is shown. */
const fontSize = 12;
/**
 * Small screens get their own drawing, narrow enough to be shown at its natural size (main
 * is 358 px wide on a 390 px phone): scaling the wide one down would shrink its text below 12 px.
 */
const narrowWidth = 340;

/**
 * A chart drawn on the server as SVG, followed by a table of the same figures: the picture
 * is for sighted readers at a glance; the table is what assistive technology and anyone who
 * wants the exact numbers read. No JavaScript runs in the browser.
 */
export function Chart(props: ChartProps) {
  const { i18n, title, categoryHeader, categories, series, csvHref, note, foldTable } = props;
  const format = formatter(i18n, props.format ?? 'count');
  const wide = chartSvg(props);
  const narrow = chartSvg({ ...props, width: narrowWidth, height: Math.min(props.height ?? 320, narrowHeight(props)) });
  const rows = categories.map((label, i) => ({ label, i }));
  const table = (
    <DataTable
      i18n={i18n}
      caption={title}
      columns={[
        { header: categoryHeader, rowHeader: true, cell: (r: { label: string; i: number }) => r.label },
        ...series.map((s) => ({ header: s.name, numeric: true, cell: (r: { label: string; i: number }) => format(s.values[r.i] ?? 0) })),
      ]}
      rows={rows}
      rowKey={(r) => String(r.i)}
      {...(csvHref ? { csvHref } : {})}
    />
  );
  return (
    <div class="chart">
      <div class="chart-image chart-wide" dangerouslySetInnerHTML={{ __html: wide }} />
      <div class="chart-image chart-narrow" dangerouslySetInnerHTML={{ __html: narrow }} />
      {series.length > 1 ? (
        // The legend is page text rather than SVG text: it wraps on a narrow screen instead of running into the plot.
        <ul class="chart-legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <span class={`swatch swatch-${s.type} swatch-${i}`} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      {note ? <p class="chart-note">{note}</p> : null}
      {foldTable ? (
        <details class="chart-figures">
          <summary>{i18n.t('components.chart.figures', { title })}</summary>
          {table}
        </details>
      ) : (
        table
      )}
    </div>
  );
}

/** Vertical charts keep their proportions on a phone; horizontal ones need their height for the rows. */
function narrowHeight({ orientation = 'vertical', height = 320 }: ChartProps): number {
  return orientation === 'horizontal' ? height : Math.max(220, Math.round(height * 0.8));
}

function formatter(i18n: I18n, format: 'count' | 'share'): (v: number) => string {
  return format === 'share' ? (v) => i18n.pct(v, 1) : (v) => i18n.n(v);
}

/** What the picture writes: compact numbers (the table has the exact ones), percentages to one decimal. */
function pictureFormatter(i18n: I18n, format: 'count' | 'share'): (v: number) => string {
  return format === 'share' ? (v) => i18n.pct(v, 1) : (v) => compactNumber(i18n.locale, v);
}

/** Rendering costs milliseconds; the same figures in the same language draw the same picture. */
const rendered = new Map<string, string>();
const maxRendered = 200;

export function chartSvg(props: ChartProps): string {
  const { i18n, title, categories, series, format = 'count', orientation = 'vertical', width = 640, height = 320, leaveOutLast = 0 } = props;
  const key = JSON.stringify([i18n.locale, title, categories, series, format, orientation, width, height, leaveOutLast]);
  const hit = rendered.get(key);
  if (hit !== undefined) return hit;
  const svg = accessibleSvg(renderSvg(props), i18n.t('components.chart.name', { title }));
  if (rendered.size >= maxRendered) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, svg);
  return svg;
}

/**
 * Which points of a series carry a value label. Labels go only where they help: on a line, its
 * last point (the figure people quote); on bars, every bar when all the labels fit side by
 * side, otherwise the last and the highest, as long as they keep clear of each other (a label
 * on the lowest bar would float over its taller neighbours, away from its own). Bars drawn
 * under a line get none: the line would cross them.
 */
export function labelledPoints(series: ChartSeries, all: readonly ChartSeries[], slotWidth: number, horizontal: boolean, text: (v: number) => string): Set<number> {
  const n = series.values.length;
  if (n === 0) return new Set();
  if (series.type === 'line') return new Set([n - 1]);
  if (all.some((s) => s.type === 'line')) return new Set();
  // Side by side on a horizontal chart means in rows: every label has its own.
  if (horizontal) return new Set(series.values.keys());
  const widthOf = (i: number) => labelWidthOf(text(series.values[i]!));
  const room = (i: number, j: number) => Math.abs(i - j) * slotWidth >= (widthOf(i) + widthOf(j)) / 2 + 8;
  // The first category sits next to the value axis (on either side, see renderSvg): a label
  // wider than its slot would run into the axis's numbers.
  const clearOfAxis = (i: number) => (i + 0.5) * slotWidth >= widthOf(i) / 2 + 4;
  const everyIndex = [...Array(n).keys()];
  if (everyIndex.every((i) => (i === 0 ? clearOfAxis(0) : room(i - 1, i)))) return new Set(everyIndex);
  const max = everyIndex.reduce((a, i) => (series.values[i]! > series.values[a]! ? i : a), 0);
  const chosen: number[] = [];
  for (const i of [n - 1, max]) if (!chosen.includes(i) && clearOfAxis(i) && chosen.every((j) => room(i, j))) chosen.push(i);
  return new Set(chosen);
}

const labelWidthOf = (text: string) => estimateWidth(text, `${fontSize}px`).width;

function renderSvg({ i18n, categories, series, format = 'count', orientation = 'vertical', width = 640, height = 320, leaveOutLast = 0 }: ChartProps): string {
  const rtl = i18n.dir === 'rtl';
  // The picture is laid out left to right (see accessibleSvg); each Persian string is an
  // isolated right-to-left run inside it, so mixed text such as "L3 تمام‌الکترونیکی" reads right.
  const run = rtl ? (s: string) => `\u2067${s}\u2069` : (s: string) => s;
  const shown = Math.max(0, categories.length - leaveOutLast);
  const drawn = series.map((s) => ({ ...s, values: s.values.slice(0, shown) }));
  const picture = pictureFormatter(i18n, format);
  const tick = format === 'share' ? (v: number) => run(i18n.pct(v, 0)) : (v: number) => run(compactNumber(i18n.locale, v));
  const horizontal = orientation === 'horizontal';
  const text = { color: '#1b1b1b', fontFamily, fontSize };
  const axisText = { color: '#505a5f', fontFamily, fontSize };
  const labelWidth = Math.min(200, Math.round(width * 0.4));
  // Right-to-left readers start at the right: categories run from the right edge, the value
  // axis sits on the right, and horizontal bars grow leftwards.
  const categoryAxis = {
    type: 'category' as const,
    // Wrapped here rather than by ECharts so that every line is its own right-to-left run.
    data: categories.slice(0, shown).map((c) => (horizontal ? wrap(c, labelWidth, fontSize) : [c]).map(run).join('\n')),
    inverse: horizontal ? true : rtl,
    position: horizontal ? (rtl ? ('right' as const) : ('left' as const)) : ('bottom' as const),
    // Vertical charts skip category labels that would not fit (every day of a month); horizontal ones have a row each.
    axisLabel: { ...axisText, lineHeight: 18, ...(horizontal ? { interval: 0 } : { hideOverlap: true }) },
    axisTick: { alignWithLabel: true },
  };
  const valueAxis = {
    type: 'value' as const,
    inverse: horizontal ? rtl : false,
    position: horizontal ? ('bottom' as const) : rtl ? ('right' as const) : ('left' as const),
    // The zero of a vertical chart is its baseline, and its label would meet the first category's.
    axisLabel: { ...axisText, lineHeight: 18, formatter: tick, hideOverlap: true, ...(horizontal ? {} : { showMinLabel: false }) },
    minInterval: format === 'share' ? 0 : 1,
    ...(format === 'share' ? { max: 1 } : {}),
  };
  // Room for the value labels: above the tallest bar or point, past the end of the longest
  // horizontal bar, and on a vertical chart half a label beyond the last category, whose label
  // is centred on it. (The browser's text boxes are taller than ECharts reckons: hence the bottom.)
  const widest = Math.ceil(Math.max(0, ...drawn.flatMap((s) => s.values.map((v) => labelWidthOf(picture(v))))));
  const endRoom = horizontal ? widest + 12 : Math.max(12, Math.ceil(widest / 2) + 4);
  const grid = { top: horizontal ? 8 : 28, bottom: 14, left: 12, right: 12, [horizontal ? (rtl ? 'left' : 'right') : rtl ? 'left' : 'right']: endRoom };
  // An estimate of the plot's length (the value axis's numbers take the rest): only used to keep labels apart.
  const plotLength = horizontal ? height - 40 : width - endRoom - 12 - Math.max(...[0, 0.25, 0.5, 0.75, 1].map((f) => labelWidthOf(tick(f * Math.max(0, ...drawn.flatMap((s) => s.values)))))) - 8;
  const slotWidth = plotLength / Math.max(1, shown);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const labelled = drawn.map((s) => labelledPoints(s, drawn, slotWidth, horizontal, picture));
  const seriesOption = (lift: (k: number, i: number) => number) =>
    drawn.map((s, k) => ({
      name: run(s.name),
      type: s.type,
      data: s.values.map((value, i) => (labelled[k]!.has(i) ? { value, label: { show: true, position: labelPosition(s, i, horizontal, rtl), distance: 5 + lift(k, i) } } : value)),
      silent: true,
      emphasis: { disabled: true },
      label: { show: false, ...text, formatter: (p: { value: unknown }) => run(picture(Number(p.value))) },
      ...(s.type === 'line' ? { symbolSize: 6, lineStyle: { width: 3 } } : { barMaxWidth: 48 }),
    }));
  try {
    chart.setOption({
      animation: false,
      color: palette,
      textStyle: text,
      grid,
      legend: { show: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: seriesOption(() => 0),
    });
    // A label wider than its bar spans the neighbours too: lift it above the tallest of them,
    // measured on the laid-out chart, so no bar runs into it.
    if (!horizontal && drawn.some((s, k) => s.type === 'bar' && labelled[k]!.size > 0)) {
      const top = (k: number, i: number) => chart.convertToPixel({ seriesIndex: k }, [i, drawn[k]!.values[i]!]) as number[];
      const lifts = new Map<string, number>();
      drawn.forEach((s, k) => {
        if (s.type !== 'bar') return;
        for (const i of labelled[k]!) {
          const [x, y] = top(k, i) as [number, number];
          const half = labelWidthOf(picture(s.values[i]!)) / 2;
          let highest = y;
          for (let j = 0; j < s.values.length; j++) {
            const [xj, yj] = top(k, j) as [number, number];
            if (Math.abs(xj - x) < half + slotWidth / 2) highest = Math.min(highest, yj);
          }
          if (highest < y) lifts.set(`${k}:${i}`, y - highest);
        }
      });
      if (lifts.size) chart.setOption({ series: seriesOption((k, i) => lifts.get(`${k}:${i}`) ?? 0) });
    }
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Bars are labelled past their end. A line's label goes above its point when the line comes
 * up to it (or is flat) and below when it comes down, so the line never runs through it.
 */
function labelPosition(s: ChartSeries, i: number, horizontal: boolean, rtl: boolean): string {
  if (s.type === 'line') return i > 0 && s.values[i - 1]! > s.values[i]! ? 'bottom' : 'top';
  return horizontal ? (rtl ? 'left' : 'right') : 'top';
}


/** Greedy word wrap by estimated width; a single word longer than a line keeps its own line. */
function wrap(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && estimateWidth(candidate, `${fontSize}px`).width > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  return line ? [...lines, line] : lines;
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The picture is one image with a name; its hover styles (useless without script) and
 * renderer bookkeeping attributes are dropped. ECharts places text by left/right anchors, so
 * the drawing itself stays left-to-right even on a right-to-left page (the layout above
 * mirrors it instead). ECharts escapes the text it draws.
 */
function accessibleSvg(svg: string, name: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>\s*/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(name)}" focusable="false" direction="ltr" `);
}
