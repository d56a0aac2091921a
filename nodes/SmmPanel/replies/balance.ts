import { z } from 'zod';

import { parseWith } from './shape';
import { optionalText, requiredMoney } from './values';

export interface Balance {
	balance: number;
	currency: string | null;
}

export function parseBalance(raw: unknown): Balance {
	return parseWith(z.object({ balance: requiredMoney, currency: optionalText }), raw, 'expected "balance" and "currency"');
}
