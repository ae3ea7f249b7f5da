// An otpauth URI as a QR code an authenticator app scans: uqr encodes it (the stack already depends on
// it), drawn as one SVG path so it stays sharp at any zoom and needs no innerHTML.
import { useMemo } from 'react';
import { encode } from 'uqr';

/** Quiet zone around the code, in modules, as scanners expect. */
const MARGIN = 2;

export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { path, size } = useMemo(() => {
    const qr = encode(text, { ecc: 'M' });
    const moves: string[] = [];
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) moves.push(`M${x + MARGIN} ${y + MARGIN}h1v1h-1z`);
      }),
    );
    return { path: moves.join(''), size: qr.size + MARGIN * 2 };
  }, [text]);
  return (
    <svg
      className="pv-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
