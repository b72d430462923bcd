import type { HourSeries } from '../services/dashboard.js';

const W = 480;
const H = 140;
const PAD = { top: 10, right: 8, bottom: 22, left: 32 };
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const hh = (t: number): string => `${new Date(t).toISOString().slice(11, 13)}:00`;

/**
 * One series as an inline SVG bar chart, drawn on the server: no script, and no style attributes
 * (the CSP is style-src 'self'): geometry as presentation attributes, colours from console.css
 * classes. Accessible: role img with a title and a description that states the total and the peak,
 * and a title per bar.
 */
export function barChart(series: HourSeries): string {
  const id = `chart-${series.kind}`;
  const max = Math.max(1, ...series.hours.map((h) => h.count));
  const peak = series.hours.reduce((a, b) => (b.count > a.count ? b : a), series.hours[0]!);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / series.hours.length;
  const bars = series.hours
    .map((h, i) => {
      const height = (h.count / max) * innerH;
      const x = PAD.left + i * slot + 1;
      const y = PAD.top + innerH - height;
      return `<rect class="bar bar-${series.kind}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 2).toFixed(1)}" height="${height.toFixed(1)}"><title>${hh(h.hourStart)} UTC: ${h.count}</title></rect>`;
    })
    .join('');
  const ticks = series.hours
    .map((h, i) => (i % 6 === 0 ? `<text x="${(PAD.left + i * slot).toFixed(1)}" y="${H - 6}">${hh(h.hourStart)}</text>` : ''))
    .join('');
  const desc =
    series.total === 0
      ? `No ${series.label.toLowerCase()} in the last 24 hours.`
      : `${series.total} in the last 24 hours; at most ${peak.count} in the hour from ${hh(peak.hourStart)} UTC.`;
  return [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${escape(series.label)} per hour, last 24 hours</title>`,
    `<desc id="${id}-desc">${escape(desc)}</desc>`,
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${W - PAD.right}" y2="${PAD.top + innerH}"/>`,
    `<text x="2" y="${PAD.top + 8}">${max}</text><text x="2" y="${PAD.top + innerH}">0</text>`,
    bars,
    ticks,
    '</svg>',
  ].join('');
}
