import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseBalance, type Balance } from '../../replies/balance';
import { panelRequest, type PanelReply } from '../../transport';
import { forEachItem, withRaw } from '../../execution/items';
import { includeRawOption, optionsCollection, readOptions } from '../../descriptions/options';

/**
 * Balance > Get: the account's balance, `{ balance, currency }`. Asked once per run, however many
 * items come in (each gets the same answer, paired with it): the balance takes no parameters.
 */
const properties: INodeProperties[] = [optionsCollection([includeRawOption])];

export const description = updateDisplayOptions({ show: { resource: ['balance'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { includeRaw } = readOptions(this);
	let reply: Promise<PanelReply<Balance>> | undefined;
	return await forEachItem(this, this.getInputData(), async (itemIndex) => {
		reply ??= panelRequest(this, 'balance', {}, parseBalance);
		const { data, raw } = await reply;
		return [{ json: withRaw({ balance: data.balance, currency: data.currency }, includeRaw, raw), pairedItem: { item: itemIndex } }];
	});
}
