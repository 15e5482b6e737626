/**
 * Draws the tab bar icons (81×81 RGBA PNGs, WeChat's recommended size) into src/assets/tab/.
 * Shapes are plain geometry sampled 4×4 per pixel for smooth edges; the PNG encoder is the minimal
 * one (IHDR, one zlib IDAT, IEND). Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { deflateSync } from 'zlib';

const SIZE = 81;
const SAMPLES = 4;
const OUT_DIR = join(__dirname, '..', 'src', 'assets', 'tab');
const COLORS = { normal: [0x8c, 0x8c, 0x8c], active: [0x16, 0x77, 0xff] } as const;

/** A shape answers whether a point in [-1, 1]² (y down) is inside. */
type Shape = (x: number, y: number) => boolean;

const roundRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
  };
const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

/** 报备: a sheet with a folded clip and three lines. */
const report: Shape = union(
  minus(roundRect(-0.62, -0.72, 0.62, 0.86, 0.16), roundRect(-0.48, -0.58, 0.48, 0.72, 0.06)),
  roundRect(-0.3, -0.88, 0.3, -0.6, 0.08),
  roundRect(-0.34, -0.3, 0.34, -0.18, 0.05),
  roundRect(-0.34, 0.04, 0.34, 0.16, 0.05),
  roundRect(-0.34, 0.38, 0.12, 0.5, 0.05),
);

/** 求助: a heart, (x² + y² − 1)³ − x²y³ ≤ 0 with y pointing up. */
const heart: Shape = (x, y) => {
  const u = x * 1.25;
  const v = -(y * 1.25) + 0.2;
  return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0;
};

/** 我的: a head and shoulders. */
const me: Shape = union(circle(0, -0.38, 0.36), (x, y) => y >= 0.12 && y <= 0.86 && (x / 0.78) ** 2 + ((y - 0.86) / 0.74) ** 2 <= 1);

/** 工作台 (staff only): four tiles, the queue's kinds side by side. */
const workbench: Shape = union(
  roundRect(-0.8, -0.8, -0.08, -0.08, 0.14),
  roundRect(0.08, -0.8, 0.8, -0.08, 0.14),
  roundRect(-0.8, 0.08, -0.08, 0.8, 0.14),
  minus(circle(0.44, 0.44, 0.38), circle(0.44, 0.44, 0.2)),
);

function render(shape: Shape, rgb: readonly number[]): Buffer {
  const rowBytes = 1 + SIZE * 4;
  const raw = Buffer.alloc(rowBytes * SIZE);
  for (let py = 0; py < SIZE; py++) {
    raw[py * rowBytes] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = ((px + (sx + 0.5) / SAMPLES) / SIZE) * 2 - 1;
          const y = ((py + (sy + 0.5) / SAMPLES) / SIZE) * 2 - 1;
          if (shape(x * 1.1, y * 1.1)) hits++;
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      raw[o] = rgb[0];
      raw[o + 1] = rgb[1];
      raw[o + 2] = rgb[2];
      raw[o + 3] = Math.round((hits / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return encodePng(SIZE, SIZE, raw);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, shape] of Object.entries({ report, request: heart, me, workbench })) {
  for (const [state, rgb] of Object.entries(COLORS)) {
    const file = join(OUT_DIR, `${name}${state === 'active' ? '-active' : ''}.png`);
    writeFileSync(file, render(shape, rgb));
    console.log('wrote', file);
  }
}
