/**
 * The one worker pool, behind every loop that sends requests: items placed as orders, batches of
 * IDs. Work starts in index order, at most `concurrency` at a time, and no new work starts once
 * `shouldStop()` says so (work already under way finishes first). `work` must not throw: each
 * caller decides what a failure means for its own index.
 */
export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 20;

export async function runPool(
	count: number,
	concurrency: number,
	work: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count && !shouldStop()) await work(next++);
	};
	const workers = Math.max(1, Math.min(Math.floor(concurrency), count));
	await Promise.all(Array.from({ length: workers }, async () => await worker()));
}
