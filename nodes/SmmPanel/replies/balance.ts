import { z } from 'zod';

import { parseWith } from './shape';
import { optionalText, requiredNumber } from './values';

export interface Balance {
	balance: number;
	currency: string | null;
}

export function parseBalance(raw: unknown): Balance {
	return parseWith(z.object({ balance: requiredNumber, currency: optionalText }), raw, 'expected "balance" and "currency"');
}
