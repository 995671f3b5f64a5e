import type { UsageDay } from "../../api/data/customer.ts";
import { formatMicros } from "../../billing/index.ts";

const INK = "#4b5563";

/** "Dec 8" for "2026-12-08". */
const dayLabel = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/**
 * Usage cost per day as inline SVG bars (no script, no styles: the CSP allows
 * it), with a money axis, day labels, the budget's even daily pace as a dashed
 * line (bars above it spend faster than the budget allows) and today marked.
 */
export function UsageChart({
  days,
  budgetMicros,
  today = new Date().toISOString().slice(0, 10),
}: {
  days: UsageDay[];
  /** The month's budget; its daily pace is drawn across the bars. */
  budgetMicros?: number;
  /** `YYYY-MM-DD` (UTC) to mark; default now. */
  today?: string;
}) {
  const width = 640;
  const height = 200;
  const left = 56;
  const right = 12;
  const top = 16;
  const bottom = 28;
  const plotH = height - top - bottom;
  const pace = budgetMicros && days.length ? budgetMicros / days.length : 0;
  const max = Math.max(1, pace * 1.15, ...days.map((d) => d.costMicros * 1.1));
  const slot = (width - left - right) / Math.max(1, days.length);
  const y = (micros: number) => top + plotH - (plotH * micros) / max;
  const total = days.reduce((n, d) => n + d.costMicros, 0);
  const todayIndex = days.findIndex((d) => d.day === today);
  const ticks = [0, max / 2, max];
  const labelled = days
    .map((d, i) => ({ d, i }))
    .filter(({ i }) => i === 0 || i === days.length - 1 || i % 7 === 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Usage by day, ${formatMicros(total)} this period${
          pace ? `; the budget allows about ${formatMicros(pace)} a day` : ""
        }`}
        data-chart="usage"
      >
        {ticks.map((t) => (
          <g>
            <line x1={left} y1={y(t)} x2={width - right} y2={y(t)} stroke="#e5e7eb" />
            <text x={left - 6} y={y(t) + 4} font-size="11" fill={INK} text-anchor="end">
              {formatMicros(t)}
            </text>
          </g>
        ))}
        <line x1={left} y1={top} x2={left} y2={top + plotH} stroke={INK} />
        <line x1={left} y1={top + plotH} x2={width - right} y2={top + plotH} stroke={INK} />
        {days.map((d, i) => {
          const h = (plotH * d.costMicros) / max;
          return (
            <rect
              data-day={d.day}
              data-cost={d.costMicros}
              x={(left + i * slot + slot * 0.15).toFixed(1)}
              y={(top + plotH - h).toFixed(1)}
              width={(slot * 0.7).toFixed(1)}
              height={h.toFixed(1)}
              fill="#4f46e5"
            >
              <title>{`${dayLabel(d.day)}: ${formatMicros(d.costMicros)}`}</title>
            </rect>
          );
        })}
        {labelled.map(({ d, i }) => (
          <text
            x={(left + i * slot + slot / 2).toFixed(1)}
            y={height - 8}
            font-size="11"
            fill={INK}
            text-anchor="middle"
          >
            {dayLabel(d.day)}
          </text>
        ))}
        {pace ? (
          <g data-budget-line>
            <line
              x1={left}
              y1={y(pace)}
              x2={width - right}
              y2={y(pace)}
              stroke="#b91c1c"
              stroke-dasharray="6 4"
            />
            <text x={width - right} y={y(pace) - 4} font-size="11" fill="#b91c1c" text-anchor="end">
              {`budget pace ${formatMicros(pace)}/day`}
            </text>
          </g>
        ) : null}
        {todayIndex >= 0 ? (
          <g data-today>
            <line
              x1={(left + todayIndex * slot + slot / 2).toFixed(1)}
              y1={top}
              x2={(left + todayIndex * slot + slot / 2).toFixed(1)}
              y2={top + plotH}
              stroke="#15803d"
              stroke-dasharray="2 3"
            />
            <text
              x={(left + todayIndex * slot + slot / 2).toFixed(1)}
              y={top - 4}
              font-size="11"
              fill="#15803d"
              text-anchor="middle"
            >
              today
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption>
        Usage by day: {formatMicros(total)} this period
        {pace ? ` · dashed line: your budget's daily pace (${formatMicros(pace)} a day)` : ""}
      </figcaption>
    </figure>
  );
}
