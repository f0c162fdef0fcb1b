import type { StvResult } from '../../core/stv-result.js';

/**
 * How the votes moved in an STV count, as a picture (SVG, no script): one bar per stage, as
 * wide as all the votes, cut into each candidate's share in the same order and colour at
 * every stage, then the non-transferable votes (hatched). A transfer shows as one segment
 * shrinking and others growing from one bar to the next. Colour is never the only key: the
 * legend numbers the candidates and each segment wide enough carries its number; the stage
 * table beside it gives every figure.
 */
export interface StvStagesChartProps {
  readonly id: string;
  readonly result: StvResult;
  readonly nameOf: (id: string) => string;
}

// Narrow on purpose: scaled down to a phone's width, its text stays legible.
const WIDTH = 480;
const LABEL = 72;
const FONT = 13;
const BAR = 22;
const GAP = 10;
const TOP = 8;
const INK = '#1f2328';
// Eight colours distinguishable in greyscale steps and by the common colour blindnesses.
const PALETTE = ['#0b57d0', '#e8710a', '#188038', '#a142f4', '#c5221f', '#12b5cb', '#7a5c00', '#5f6368'];

export function StvStagesChart({ id, result, nameOf }: StvStagesChartProps) {
  const standing = result.candidates.filter((c) => !result.withdrawn.includes(c));
  const total = result.valid_ballots || 1;
  const span = WIDTH - LABEL - 8;
  const legendTop = TOP + result.stages.length * (BAR + GAP) + 6;
  const height = legendTop + standing.length * 20 + 24;
  const description = `For each stage, every candidate's share of the ${result.valid_ballots} votes: ` +
    result.stages.map((stage) => `stage ${stage.stage}, ${standing.map((c) => `${nameOf(c)} ${stage.votes[c]}`).join(', ')}, non-transferable ${stage.non_transferable}`).join('; ') + '.';
  return (
    <svg class="chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} font-family="system-ui, sans-serif">
      <title id={`${id}-title`}>How the votes moved from stage to stage</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#5f6368" stroke-width="2" />
        </pattern>
      </defs>
      {result.stages.map((stage, row) => {
        const y = TOP + row * (BAR + GAP);
        let x = LABEL;
        const segments = standing.map((c, index) => {
          const width = (Number(stage.votes[c]) / total) * span;
          const segment = { x, width, index, fill: PALETTE[index % PALETTE.length]! };
          x += width;
          return segment;
        });
        const rest = (Number(stage.non_transferable) / total) * span;
        return (
          <g>
            <text x={LABEL - 8} y={y + BAR / 2 + 4} text-anchor="end" font-size={FONT} fill={INK}>
              Stage {stage.stage}
            </text>
            {segments.filter((s) => s.width > 0).map((s) => (
              <>
                <rect x={round(s.x)} y={y} width={round(s.width)} height={BAR} fill={s.fill} stroke="#ffffff" stroke-width="1" />
                {s.width >= 18 && (
                  <text x={round(s.x + s.width / 2)} y={y + BAR / 2 + 4} text-anchor="middle" font-size={FONT - 1} fill="#ffffff">
                    {s.index + 1}
                  </text>
                )}
              </>
            ))}
            {rest > 0 && <rect x={round(x)} y={y} width={round(rest)} height={BAR} fill={`url(#${id}-hatch)`} stroke={INK} stroke-width="0.5" />}
          </g>
        );
      })}
      {standing.map((c, index) => {
        const x = 8;
        const y = legendTop + index * 20;
        return (
          <g>
            <rect x={x} y={y} width="14" height="14" fill={PALETTE[index % PALETTE.length]} />
            <text x={x + 20} y={y + 11} font-size={FONT} fill={INK}>
              {index + 1}. {truncate(nameOf(c), 56)}
            </text>
          </g>
        );
      })}
      <rect x={8} y={height - 20} width="14" height="14" fill={`url(#${id}-hatch)`} stroke={INK} stroke-width="0.5" />
      <text x={28} y={height - 9} font-size={FONT} fill={INK}>
        Non-transferable
      </text>
    </svg>
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
