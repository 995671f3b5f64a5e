import type { UsageDay } from "../../api/data/customer.ts";
import { formatMicros } from "../../billing/index.ts";

/** Usage cost per day as inline SVG bars (no script, no styles: the CSP allows it). */
export function UsageChart({ days }: { days: UsageDay[] }) {
  const width = 640;
  const height = 180;
  const pad = 24;
  const max = Math.max(1, ...days.map((d) => d.costMicros));
  const slot = (width - pad * 2) / Math.max(1, days.length);
  const total = days.reduce((n, d) => n + d.costMicros, 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Usage by day, ${formatMicros(total)} this period`}
        data-chart="usage"
      >
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#cbd5e1" />
        {days.map((d, i) => {
          const h = Math.round(((height - pad * 2) * d.costMicros) / max);
          return (
            <rect
              data-day={d.day}
              data-cost={d.costMicros}
              x={(pad + i * slot + slot * 0.15).toFixed(1)}
              y={height - pad - h}
              width={(slot * 0.7).toFixed(1)}
              height={h}
              fill="#4f46e5"
            >
              <title>{`${d.day}: ${formatMicros(d.costMicros)}`}</title>
            </rect>
          );
        })}
        <text x={pad} y={height - 6} font-size="11" fill="#64748b">
          {days[0]?.day ?? ""}
        </text>
        <text x={width - pad} y={height - 6} font-size="11" fill="#64748b" text-anchor="end">
          {days.at(-1)?.day ?? ""}
        </text>
        <text x={pad} y={14} font-size="11" fill="#64748b">
          {`max ${formatMicros(max)}/day`}
        </text>
      </svg>
      <figcaption>Usage by day: {formatMicros(total)} this period</figcaption>
    </figure>
  );
}
