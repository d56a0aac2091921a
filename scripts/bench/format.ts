/** What the report's sections share: number formats, the plain-text table, a target check. */

export interface TargetCheck {
	target: string;
	met: boolean;
	/** A figure worth watching that the issues set no target for: printed, never "missed". */
	informational?: boolean;
	measured: string;
	/** Why it was missed, when it was. */
	note?: string;
}

export const integer = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');
export const decimal = (value: number, digits = 1): string =>
	Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-';
export const times = (value: number): string => (Number.isFinite(value) ? `${decimal(value, value >= 100 ? 0 : 2)}x` : '-');

/** Columns: right-aligned except the first `leftColumns`. */
export function table(header: string[], rows: string[][], leftColumns = 1): string[] {
	const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) =>
		cells.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}
