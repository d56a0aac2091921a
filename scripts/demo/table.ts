/**
 * Plain ASCII tables for the demo's terminal output: a header, a rule, one line per row. No
 * colours and no box-drawing characters, so the output stays readable in any terminal and log.
 */

export type Cell = string | number | boolean | null | undefined;

export interface Column<Row> {
	header: string;
	value: (row: Row) => Cell;
	/** Numbers read best right-aligned; default: right for numbers, left for everything else. */
	align?: 'left' | 'right';
	/** Longer cells are cut with "..." (service names can be very long on real panels). */
	maxWidth?: number;
}

const INDENT = '  ';
const GAP = '  ';

function cellText(cell: Cell): string {
	if (cell === null || cell === undefined || cell === '') return '-';
	if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
	return String(cell);
}

function truncate(text: string, maxWidth: number | undefined): string {
	if (maxWidth === undefined || text.length <= maxWidth) return text;
	return `${text.slice(0, Math.max(0, maxWidth - 3))}...`;
}

/** The table as lines (without a trailing newline), indented by two spaces. */
export function renderTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string[] {
	const cells = rows.map((row) => columns.map((column) => truncate(cellText(column.value(row)), column.maxWidth)));
	const rightAligned = columns.map(
		(column) => column.align === 'right' || (column.align === undefined && rows.length > 0 && rows.every((row) => typeof column.value(row) === 'number')),
	);
	const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((row) => row[index].length)));
	const line = (values: string[]) =>
		INDENT +
		values
			.map((value, index) => (rightAligned[index] ? value.padStart(widths[index]) : value.padEnd(widths[index])))
			.join(GAP)
			.trimEnd();
	return [
		line(columns.map((column) => column.header)),
		line(widths.map((width) => '-'.repeat(width))),
		...cells.map((row) => line(row)),
	];
}

/** Money as the panel shows it: two decimals, more only when needed (e.g. 0.045 per 1000). */
export function money(amount: Cell): string {
	if (typeof amount !== 'number' || !Number.isFinite(amount)) return cellText(amount);
	const twoDecimals = amount.toFixed(2);
	return Number(twoDecimals) === amount ? twoDecimals : String(Number(amount.toFixed(5)));
}
