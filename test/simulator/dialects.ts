/**
 * Panel dialects: how widely installed panel scripts answer where they differ from the API
 * reference. Each is a switch, off by default (the reference's behaviour), set when the simulator
 * starts (`dialect`) or while it runs (`setDialect`), and by name from `npm run simulator` and the demo.
 */

/** How a panel supports `refill` or `cancel`. */
export type ActionSupport =
	/** Both forms: `order=` and `orders=` (cancel: `orders=`, and `order=` as well). */
	| 'batch'
	/** Only `order=`: `orders=` is ignored, so the script finds no order. */
	| 'single'
	/** The script does not know the action and prints `null`. */
	| 'null'
	/** The script crashes on the action: HTTP 500 and the server's error page. */
	| 'crash'
	/** The script refuses it: `{"error": "This action is Invalid"}`. */
	| 'invalid';

export interface Dialect {
	/** `status` knows only `order=`: `orders=` is ignored and the reply is as for a missing order. */
	singleIdStatus: boolean;
	/** `refill_status` knows only `refill=`: `refills=` is ignored. */
	singleIdRefillStatus: boolean;
	/**
	 * What those single-form scripts answer when the single field is missing (as it is when the
	 * batch form was sent): as for a missing order (`{"error":"Order not found.","status":"104"}`),
	 * or a refusal of the request (`{"error":"Incorrect request"}`).
	 */
	missingIdReply: 'notFound' | 'incorrectRequest';
	refill: ActionSupport;
	cancel: ActionSupport;
	/** Which request bodies the script reads: `$_POST` (form), `php://input` (JSON), or both. */
	requestBody: 'form' | 'json' | 'either';
	/** `add` answers `{"status": 100, "order": "1581"}`: a status code beside the order ID as text. */
	addStatusCode: boolean;
	/** "In progress" spelled "Inprogress". */
	inprogress: boolean;
	/** Service types in lower case with underscores ("default", "custom_comments"). */
	snakeCaseTypes: boolean;
	/** A batch status's unknown ID as bare text: `"999": "Incorrect order ID"`. */
	unknownIdAsText: boolean;
	/** `"status": "success"` beside the data of `add`, `balance` and a batch `status`. */
	successBesideData: boolean;
	/** `start_count: null` while an order has not started. */
	nullStartCount: boolean;
	/** Blank lines and spaces before the JSON (an include that prints whitespace). */
	leadingSpaces: boolean;
	/** Money with seven decimals, as a DECIMAL(15,7) column prints it ("100.5000000"). */
	longDecimals: boolean;
}

export const REFERENCE_DIALECT: Dialect = {
	singleIdStatus: false,
	singleIdRefillStatus: false,
	missingIdReply: 'notFound',
	refill: 'batch',
	cancel: 'batch',
	requestBody: 'form',
	addStatusCode: false,
	inprogress: false,
	snakeCaseTypes: false,
	unknownIdAsText: false,
	successBesideData: false,
	nullStartCount: false,
	leadingSpaces: false,
	longDecimals: false,
};

/** The reply a script with only the single form gives to the batch form: as for a missing order. */
export const SINGLE_FORM_NOT_FOUND = { error: 'Order not found.', status: '104' } as const;
export const REFILL_NOT_FOUND_SINGLE = { error: 'Refill not found.', status: '104' } as const;
export const INVALID_ACTION_ERROR = 'This action is Invalid';

/** Named dialects, for `npm run simulator -- --dialect NAME[,NAME]` and the demo. */
export const NAMED_DIALECTS: Readonly<Record<string, Partial<Dialect>>> = {
	reference: {},
	/** Status, refill status, refill and cancel in their single forms only. */
	'single-id': { singleIdStatus: true, singleIdRefillStatus: true, refill: 'single', cancel: 'single' },
	'single-id-status': { singleIdStatus: true, singleIdRefillStatus: true },
	/** Status and refill status in their single forms, refusing the batch form as "Incorrect request". */
	'single-id-strict': { singleIdStatus: true, singleIdRefillStatus: true, missingIdReply: 'incorrectRequest' },
	'no-refill': { refill: 'null' },
	'no-cancel': { cancel: 'null' },
	'crash-refill': { refill: 'crash' },
	'invalid-cancel': { cancel: 'invalid' },
	'json-body': { requestBody: 'json' },
	/** Every reply shape above at once. */
	'reply-shapes': {
		addStatusCode: true,
		inprogress: true,
		snakeCaseTypes: true,
		unknownIdAsText: true,
		successBesideData: true,
		nullStartCount: true,
		leadingSpaces: true,
		longDecimals: true,
	},
};

/** The dialect of comma-separated names, e.g. "single-id,reply-shapes". */
export function dialectNamed(names: string): Partial<Dialect> {
	const dialect: Partial<Dialect> = {};
	for (const name of names.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
		const named = NAMED_DIALECTS[name];
		if (named === undefined) throw new Error(`Unknown dialect "${name}": one of ${Object.keys(NAMED_DIALECTS).join(', ')}`);
		Object.assign(dialect, named);
	}
	return dialect;
}

/** The fields of a JSON body (`{"key": "...", "action": "status", "orders": "1,2"}`) as text, as PHP's json_decode + strval reads them. */
export function jsonBodyFields(rawBody: string): Record<string, string> | undefined {
	let value: unknown;
	try {
		value = JSON.parse(rawBody);
	} catch {
		return undefined;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const fields: Record<string, string> = {};
	for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
		if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') {
			Object.defineProperty(fields, name, { value: String(field), enumerable: true, writable: true, configurable: true });
		}
	}
	return fields;
}
