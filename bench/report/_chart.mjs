// A small SVG bar chart with no dependencies: horizontal bars in panels, one bar per runtime.

const WIDTH = 900;
const LABEL = 300;
const BAR = 15;
const GAP = 10;
const COLORS = { deno: "#2b7a78", bun: "#e0a32e" };

function escape(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function format(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Renders panels of grouped horizontal bars.
 * panels: [{ title, unit, references: [{ value, label }], groups: [{ label, bars: [{ series,
 * value }] }] }]; a bar's `series` is a key of COLORS ("deno" or "bun").
 */
export function barChart(title, subtitle, panels) {
  const parts = [];
  let y = 56;
  const plotWidth = WIDTH - LABEL - 70;
  for (const panel of panels) {
    const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value))
      .filter((v) => Number.isFinite(v));
    const top = Math.max(...values, ...panel.references.map((r) => r.value), 0.001) * 1.12;
    const x = (v) => LABEL + (Math.min(v, top) / top) * plotWidth;
    parts.push(
      `<text x="16" y="${y + 16}" font-size="15" font-weight="bold">${escape(panel.title)}</text>`,
    );
    y += 30;
    const plotTop = y;
    for (const group of panel.groups) {
      const height = group.bars.length * BAR;
      parts.push(
        `<text x="${LABEL - 8}" y="${y + height / 2 + 4}" font-size="12" text-anchor="end">${
          escape(group.label)
        }</text>`,
      );
      for (const bar of group.bars) {
        if (Number.isFinite(bar.value)) {
          const w = Math.max(1, x(bar.value) - LABEL);
          parts.push(
            `<rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${
              COLORS[bar.series]
            }"><title>${
              escape(`${bar.series} ${group.label}: ${format(bar.value)}`)
            }</title></rect>`,
            `<text x="${(LABEL + w + 4).toFixed(1)}" y="${y + BAR - 4}" font-size="11">${
              format(bar.value)
            }${panel.unit}</text>`,
          );
        } else {
          parts.push(
            `<text x="${LABEL + 4}" y="${
              y + BAR - 4
            }" font-size="11" fill="#888">${bar.series}: not measured</text>`,
          );
        }
        y += BAR;
      }
      y += GAP;
    }
    for (const [index, reference] of panel.references.entries()) {
      const rx = x(reference.value).toFixed(1);
      parts.push(
        `<line x1="${rx}" y1="${plotTop - 4}" x2="${rx}" y2="${
          y - GAP + 2
        }" stroke="#c0392b" stroke-dasharray="4 3"/>`,
        `<text x="${rx}" y="${
          y + 8 + index * 11
        }" font-size="10" fill="#c0392b" text-anchor="middle">${escape(reference.label)}</text>`,
      );
    }
    parts.push(
      `<line x1="${LABEL}" y1="${plotTop - 4}" x2="${LABEL}" y2="${y - GAP + 2}" stroke="#333"/>`,
    );
    y += 28 + (panel.references.length - 1) * 11;
  }
  const legend = Object.entries(COLORS).map(([series, color], i) =>
    `<rect x="${WIDTH - 160 + i * 75}" y="14" width="12" height="12" fill="${color}"/>` +
    `<text x="${WIDTH - 144 + i * 75}" y="24" font-size="12">${
      series === "deno" ? "Deno" : "Bun"
    }</text>`
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="17" font-weight="bold">${escape(title)}</text>`,
    `<text x="16" y="42" font-size="11" fill="#555">${escape(subtitle)}</text>`,
    ...legend,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
