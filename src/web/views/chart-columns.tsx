/**
 * A small server-rendered column chart (SVG, no script): one column per period. It is an
 * image with a title and a description for screen readers (`role="img"`); the page always
 * shows the same numbers in a table beside it, so nothing is conveyed by the picture alone.
 */

export interface Column {
  /** Short axis label. */
  readonly label: string;
  /** Full label, used in the description. */
  readonly longLabel: string;
  readonly value: number;
}

export interface ColumnChartProps {
  /** Prefix of the ids of the title and description elements; unique on the page. */
  readonly id: string;
  readonly title: string;
  /** One sentence said before the numbers in the description. */
  readonly summary: string;
  readonly columns: readonly Column[];
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 40;
const RIGHT = 8;
const TOP = 22;
const BOTTOM = 34;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
/** At most this many axis labels, so they never overlap. */
const MAX_LABELS = 12;
/** Values are printed over the columns up to this many columns. */
const MAX_VALUE_LABELS = 31;

const INK = '#1f2328';
const MUTED = '#57606a';
const BAR = '#0b57d0';
const GRID = '#d0d7de';

export function ColumnChart({ id, title, summary, columns }: ColumnChartProps) {
  const max = Math.max(1, ...columns.map((c) => c.value));
  const slot = PLOT_WIDTH / Math.max(1, columns.length);
  const barWidth = Math.max(1, slot * 0.7);
  const every = Math.ceil(columns.length / MAX_LABELS);
  const y = (value: number) => round(TOP + PLOT_HEIGHT - (value / max) * PLOT_HEIGHT);
  const description = `${summary} ${columns.map((c) => `${c.longLabel}: ${c.value}`).join('; ')}.`;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      font-family="system-ui, sans-serif"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(max)} y2={y(max)} stroke={GRID} stroke-dasharray="4 3" />
      <text x={LEFT - 6} y={y(max) + 4} text-anchor="end" font-size="12" fill={MUTED}>
        {max}
      </text>
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} stroke={INK} />
      <text x={LEFT - 6} y={y(0) + 4} text-anchor="end" font-size="12" fill={MUTED}>
        0
      </text>
      {columns.map((column, index) => {
        const x = round(LEFT + index * slot + (slot - barWidth) / 2);
        const middle = round(x + barWidth / 2);
        return (
          <g>
            {column.value > 0 && <rect x={x} y={y(column.value)} width={round(barWidth)} height={round(y(0) - y(column.value))} fill={BAR} />}
            {column.value > 0 && columns.length <= MAX_VALUE_LABELS && (
              <text x={middle} y={y(column.value) - 5} text-anchor="middle" font-size="12" fill={INK}>
                {column.value}
              </text>
            )}
            {index % every === 0 && (
              <text x={middle} y={HEIGHT - BOTTOM + 18} text-anchor="middle" font-size="11" fill={INK}>
                {column.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Coordinates to a tenth of a unit: enough for a chart, and short in the HTML. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
