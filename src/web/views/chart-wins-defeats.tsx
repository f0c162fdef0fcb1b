/**
 * The Schulze ranking as a picture (SVG, no script): one row per candidate in ranking order,
 * a bar to the right for the candidates they beat and one to the left for those that beat
 * them (by strongest paths). Left/right and the printed numbers carry the meaning, never the
 * colour alone; the ranking table shows the same numbers.
 */

export interface WinsDefeatsRow {
  readonly name: string;
  readonly wins: number;
  readonly defeats: number;
}

export interface WinsDefeatsChartProps {
  /** Prefix of the ids of the title and description elements; unique on the page. */
  readonly id: string;
  readonly title: string;
  readonly rows: readonly WinsDefeatsRow[];
}

const WIDTH = 640;
const ROW = 28;
const TOP = 30;
const BOTTOM = 8;
const LABEL_END = 190;
const CENTER = 415;
const HALF = 185;
const MAX_NAME = 26;

const INK = '#1f2328';
const WIN = '#0b57d0';
const DEFEAT = '#b3261e';

export function WinsDefeatsChart({ id, title, rows }: WinsDefeatsChartProps) {
  const height = TOP + rows.length * ROW + BOTTOM;
  const max = Math.max(1, rows.length - 1);
  const length = (count: number) => round((count / max) * (HALF - 24));
  const description =
    'For each candidate, in ranking order: how many candidates they beat and how many beat them. ' +
    `${rows.map((r) => `${r.name}: beats ${r.wins}, beaten by ${r.defeats}`).join('; ')}.`;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      font-family="system-ui, sans-serif"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <text x={CENTER - 8} y={16} text-anchor="end" font-size="12" fill={INK}>
        ◀ beaten by
      </text>
      <text x={CENTER + 8} y={16} font-size="12" fill={INK}>
        beats ▶
      </text>
      {rows.map((row, index) => {
        const top = TOP + index * ROW;
        const middle = top + ROW / 2;
        const name = row.name.length > MAX_NAME ? `${row.name.slice(0, MAX_NAME - 1)}…` : row.name;
        return (
          <g>
            <text x={LABEL_END} y={middle + 4} text-anchor="end" font-size="13" fill={INK}>
              {name}
            </text>
            <rect x={round(CENTER - length(row.defeats))} y={top + 5} width={length(row.defeats)} height={ROW - 10} fill={DEFEAT} />
            <text x={round(CENTER - length(row.defeats) - 5)} y={middle + 4} text-anchor="end" font-size="12" fill={INK}>
              {row.defeats}
            </text>
            <rect x={CENTER} y={top + 5} width={length(row.wins)} height={ROW - 10} fill={WIN} />
            <text x={round(CENTER + length(row.wins) + 5)} y={middle + 4} font-size="12" fill={INK}>
              {row.wins}
            </text>
          </g>
        );
      })}
      <line x1={CENTER} x2={CENTER} y1={TOP} y2={height - BOTTOM} stroke={INK} />
    </svg>
  );
}

/** Coordinates to a tenth of a unit: enough for a chart, and short in the HTML. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}
