import { sleep } from 'n8n-workflow';

/**
 * Spaces request starts evenly so that no more than `requestsPerMinute` leave for one panel URL,
 * however many items, batches or concurrent workers ask. Kept per process: panels limit per key,
 * and one n8n process is where concurrent executions of a workflow meet.
 */
const nextFreeSlotByUrl = new Map<string, number>();

export async function waitForRateLimitSlot(url: string, requestsPerMinute: number): Promise<void> {
	if (requestsPerMinute <= 0) return;
	const spacingMs = 60_000 / requestsPerMinute;
	const now = Date.now();
	const slot = Math.max(now, nextFreeSlotByUrl.get(url) ?? now);
	nextFreeSlotByUrl.set(url, slot + spacingMs);
	if (slot > now) await sleep(slot - now);
}
