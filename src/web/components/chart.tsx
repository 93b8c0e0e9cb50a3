import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { I18n } from '../i18n/translate.ts';
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
  /** `count`: whole numbers; `share`: fractions 0..1 shown as percentages. */
  format?: 'count' | 'share';
  /** `horizontal` lays categories down the side, for long names. */
  orientation?: 'vertical' | 'horizontal';
  csvHref?: string;
  width?: number;
  height?: number;
}

/** AA-contrast colours from the site palette: brand, link, warning. */
const palette = ['#0b5e55', '#0b4f9c', '#8a4b00'];
const fontFamily = 'Vazirmatn, system-ui, sans-serif';

/**
 * A chart drawn on the server as SVG, followed by a table of the same figures: the picture
 * is for sighted readers at a glance; the table is what assistive technology and anyone who
 * wants the exact numbers read. No JavaScript runs in the browser.
 */
export function Chart(props: ChartProps) {
  const { i18n, title, categoryHeader, categories, series, csvHref } = props;
  const format = formatter(i18n, props.format ?? 'count');
  const svg = chartSvg(props);
  const rows = categories.map((label, i) => ({ label, i }));
  return (
    <div class="chart">
      <div class="chart-image" dangerouslySetInnerHTML={{ __html: svg }} />
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
    </div>
  );
}

function formatter(i18n: I18n, format: 'count' | 'share'): (v: number) => string {
  return format === 'share' ? (v) => i18n.pct(v, 1) : (v) => i18n.n(v);
}

/** Rendering costs milliseconds; the same figures in the same language draw the same picture. */
const rendered = new Map<string, string>();
const maxRendered = 200;

export function chartSvg(props: ChartProps): string {
  const { i18n, title, categories, series, format = 'count', orientation = 'vertical', width = 640, height = 320 } = props;
  const key = JSON.stringify([i18n.locale, title, categories, series, format, orientation, width, height]);
  const hit = rendered.get(key);
  if (hit !== undefined) return hit;
  const svg = accessibleSvg(renderSvg(props), i18n.t('components.chart.name', { title }));
  if (rendered.size >= maxRendered) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, svg);
  return svg;
}

function renderSvg({ i18n, categories, series, format = 'count', orientation = 'vertical', width = 640, height = 320 }: ChartProps): string {
  const rtl = i18n.dir === 'rtl';
  // The picture is laid out left to right (see accessibleSvg); each Persian string is an
  // isolated right-to-left run inside it, so mixed text such as "L3 تمام‌الکترونیکی" reads right.
  const run = rtl ? (s: string) => `\u2067${s}\u2069` : (s: string) => s;
  const label = (v: number) => run(formatter(i18n, format)(v));
  const tick = format === 'share' ? (v: number) => run(i18n.pct(v, 0)) : (v: number) => run(i18n.n(v));
  const horizontal = orientation === 'horizontal';
  const text = { color: '#1b1b1b', fontFamily, fontSize: 13 };
  const axisText = { color: '#505a5f', fontFamily, fontSize: 12 };
  // Right-to-left readers start at the right: categories run from the right edge, the value
  // axis sits on the right, and horizontal bars grow leftwards.
  const categoryAxis = {
    type: 'category' as const,
    // Wrapped here rather than by ECharts so that every line is its own right-to-left run.
    data: categories.map((c) => (horizontal ? wrap(c, labelWidth, axisText.fontSize) : [c]).map(run).join('\n')),
    inverse: horizontal ? true : rtl,
    position: horizontal ? (rtl ? ('right' as const) : ('left' as const)) : ('bottom' as const),
    axisLabel: { ...axisText, interval: 0, lineHeight: 18, ...(horizontal ? {} : { hideOverlap: true }) },
    axisTick: { alignWithLabel: true },
  };
  const valueAxis = {
    type: 'value' as const,
    inverse: horizontal ? rtl : false,
    position: horizontal ? ('bottom' as const) : rtl ? ('right' as const) : ('left' as const),
    axisLabel: { ...axisText, formatter: tick },
    ...(format === 'share' ? { max: 1 } : {}),
  };
  const names = series.map((s) => run(s.name));
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: palette,
      textStyle: text,
      // Value labels sit past the end of the longest bar, where the layout does not reserve room.
      grid: { top: series.length > 1 ? 40 : 24, bottom: 8, left: 12, right: 12, ...(horizontal ? { [rtl ? 'left' : 'right']: 56 } : {}) },
      legend: series.length > 1 ? { show: true, top: 0, [rtl ? 'right' : 'left']: 0, align: rtl ? 'right' : 'left', textStyle: text, data: rtl ? names.reverse() : names } : { show: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series.map((s) => ({
        name: run(s.name),
        type: s.type,
        data: [...s.values],
        silent: true,
        emphasis: { disabled: true },
        labelLayout: { hideOverlap: true },
        label: { show: true, ...text, position: s.type === 'line' || !horizontal ? 'top' : rtl ? 'left' : 'right', formatter: (p: { value: unknown }) => label(Number(p.value)) },
        ...(s.type === 'line' ? { symbolSize: 6, lineStyle: { width: 3 } } : { barMaxWidth: 48 }),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const labelWidth = 200;

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
