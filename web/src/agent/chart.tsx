// Commissions over the last twelve months: a uPlot bar chart, with the same
// twelve figures in a table for screen readers (the chart is hidden from them).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { money, month, t } from '../app/i18n';

export function CommissionChart(props: { months: string[]; totals: string[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const xs = props.months.map((_, i) => i);
    // Plotting only: the exact figures stay strings in the table below.
    const ys = props.totals.map((v) => Number(v));
    const width = Math.max(260, element.clientWidth || 320);
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.6, xs.length - 0.4] } },
        axes: [
          { values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && props.months[i] ? (props.months[i] as string).slice(5) : '')), space: 24 },
          { size: 60, values: (_u, splits) => splits.map((v) => (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v))) },
        ],
        series: [{}, { label: t('agent.dashboard.chartSeries'), stroke: '#0b6e4f', fill: 'rgba(11,110,79,0.55)', paths: uPlot.paths.bars!({ size: [0.6, 60] }), points: { show: false } }],
      },
      [xs, ys],
      element,
    );
    const resize = () => plot.setSize({ width: Math.max(260, element.clientWidth || 320), height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [props.months.join(), props.totals.join()]);
  return (
    <div class="chart agent-chart">
      <div ref={box} aria-hidden="true" />
      <table class="visually-hidden">
        <caption>{t('agent.dashboard.chartCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agent.common.month')}</th>
            <th scope="col">{t('agent.common.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {props.months.map((m, i) => (
            <tr key={m}>
              <th scope="row">{month(m)}</th>
              <td>{money(props.totals[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
