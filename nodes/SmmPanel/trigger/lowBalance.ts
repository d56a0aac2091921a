import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { parseBalance } from '../replies/balance';
import { panelRequest } from '../transport';
import { commitState, triggerState } from './state';

/**
 * Fires when the balance is below the threshold and was not at the previous poll: once per fall,
 * and again only after the balance was back at or above the threshold. A balance already low at
 * the first poll fires (the user wants to know, whenever the trigger starts watching). A failed
 * request throws before anything is remembered, so n8n reports it and the next poll decides.
 */
export async function pollLowBalance(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const threshold = Number(context.getNodeParameter('threshold', 0));
	const { data } = await panelRequest(context, 'balance', {}, parseBalance);
	const isBelow = data.balance < threshold;
	// Fetch Test Event shows the balance whatever it is: `belowThreshold` says whether it would fire.
	const item = { balance: data.balance, currency: data.currency, threshold, belowThreshold: isBelow };
	if (context.getMode() === 'manual') return [context.helpers.returnJsonArray([item])];

	const state = triggerState(context);
	const wasBelow = state.balanceBelowThreshold === true;
	commitState(state, 'balanceBelowThreshold', isBelow);
	return isBelow && !wasBelow ? [context.helpers.returnJsonArray([item])] : null;
}
