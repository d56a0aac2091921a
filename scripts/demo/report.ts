/** How the demo prints: numbered steps, short explanations, and tables of what the nodes output. */
import type { IDataObject } from 'n8n-workflow';

import type { Balance } from './panel';
import { money, renderTable } from './table';

export type Print = (line: string) => void;

export class Report {
	private stepNumber = 0;

	constructor(
		private readonly print: Print,
		private readonly totalSteps: number,
	) {}

	title(text: string): void {
		this.print('');
		this.print(text);
		this.print('='.repeat(text.length));
	}

	step(title: string): void {
		this.stepNumber++;
		this.print('');
		this.print(`[${this.stepNumber}/${this.totalSteps}] ${title}`);
	}

	/** Indented prose under a step. */
	note(text: string): void {
		this.print(`  ${text}`);
	}

	lines(lines: readonly string[]): void {
		for (const line of lines) this.print(line);
	}

	blank(): void {
		this.print('');
	}
}

export function balanceTable(balance: Balance): string[] {
	return renderTable([balance], [
		{ header: 'Balance', value: (row) => money(row.balance), align: 'right' },
		{ header: 'Currency', value: (row) => row.currency },
	]);
}

/** Rate per 1000, or per package for the package types (as the panel charges them). */
function rateLabel(service: IDataObject): string {
	const isPackage = /package/i.test(String(service.type));
	return `${money(service.rate as number)}${isPackage ? ' /pkg' : ''}`;
}

export function servicesTable(services: readonly IDataObject[]): string[] {
	return renderTable(services, [
		{ header: 'ID', value: (service) => service.service as number },
		{ header: 'Type', value: (service) => service.type as string, maxWidth: 24 },
		{ header: 'Name', value: (service) => service.name as string, maxWidth: 44 },
		{ header: 'Rate/1000', value: rateLabel, align: 'right' },
		{ header: 'Min-Max', value: (service) => `${String(service.min)}-${String(service.max)}`, align: 'right' },
		{ header: 'Refill', value: (service) => service.refill as boolean },
		{ header: 'Cancel', value: (service) => service.cancel as boolean },
	]);
}

/** What the panel offers, in one line: how many services, types and categories. */
export function catalogueSummary(services: readonly IDataObject[]): string {
	const distinct = (field: string) => new Set(services.map((service) => String(service[field]))).size;
	return `${services.length} services, ${distinct('type')} order types, ${distinct('category')} categories.`;
}

/** Order > Get Status output: a status, or the panel's error for that ID. */
export function orderStatusTable(statuses: readonly IDataObject[], labelOf: (order: number) => string | undefined = () => undefined): string[] {
	const withLabels = statuses.some((status) => labelOf(Number(status.order)) !== undefined);
	return renderTable(statuses, [
		{ header: 'Order', value: (status) => status.order as number },
		...(withLabels ? [{ header: 'What', value: (status: IDataObject) => labelOf(Number(status.order)) }] : []),
		{ header: 'Status', value: (status) => (status.error === undefined ? (status.status as string) : `error: ${String(status.error)}`) },
		{ header: 'Charge', value: (status) => (status.error === undefined ? money(status.charge as number) : ''), align: 'right' },
		{ header: 'Start count', value: (status) => status.startCount as number | undefined, align: 'right' },
		{ header: 'Remains', value: (status) => status.remains as number | undefined, align: 'right' },
		{ header: 'Final', value: (status) => status.final as boolean | undefined },
	]);
}

/** "1 request", "3 requests". */
export function requests(count: number): string {
	return `${count} request${count === 1 ? '' : 's'}`;
}
