/** QR codes of the demo places: printed in the terminal and written as PNG files. */
import { mkdirSync } from 'fs';
import { join } from 'path';
import QRCode from 'qrcode';

export interface PlaceQr {
  label: string;
  url: string;
  file: string;
}

export async function writePlaceQrs(dir: string, places: Array<{ label: string; slug: string; url: string }>): Promise<PlaceQr[]> {
  mkdirSync(dir, { recursive: true });
  const out: PlaceQr[] = [];
  for (const p of places) {
    const file = join(dir, `${p.slug}.png`);
    await QRCode.toFile(file, p.url, { width: 480, margin: 2, errorCorrectionLevel: 'M' });
    out.push({ label: p.label, url: p.url, file });
  }
  return out;
}

export function terminalQr(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'terminal', small: true });
}
