import type { PanelAction } from '../domain/panelApi';

/**
 * What this process has learned about each panel's batch forms: for an API URL and an action,
 * whether the panel answers `orders=1,2,3` (batch) or only one ID at a time (singly). Kept in
 * memory for the process, as the rate limit is: a fact about a panel, not about a workflow, and
 * cheap to learn again (one request) after a restart.
 *
 * Neither is kept for ever: a panel may be upgraded, or moved to another script. After
 * RECHECK_AFTER_MS the panel is unknown again: a single-ID panel is tried in the batch form once
 * more (one refused request), a batch panel sends its first batch alone (no extra request), and
 * what that shows is learned again.
 */
export const RECHECK_AFTER_MS = 60 * 60_000;

/** Most panels a process keeps facts about; the oldest fact goes first. */
const MAX_PANELS = 1_000;

type Support = 'batch' | 'singly';

interface Learned {
	support: Support;
	at: number;
}

const learnedByPanel = new Map<string, Learned>();

function keyOf(url: string, action: PanelAction): string {
	return `${action} ${url}`;
}

function current(url: string, action: PanelAction, now: number): Support | undefined {
	const learned = learnedByPanel.get(keyOf(url, action));
	if (learned === undefined) return undefined;
	return now - learned.at >= RECHECK_AFTER_MS ? undefined : learned.support;
}

/**
 * Actions whose single form a panel is taken to need when it needs it for another action: a
 * panel whose `status` knows only `order=` gets `refill` with `order=` from the start (that form is
 * in the reference too, so it is never a guess about a write).
 */
const SINGLY_AS: Partial<Record<PanelAction, readonly PanelAction[]>> = {
	refill: ['refill', 'status'],
};

/** The memory of one panel (API URL) for one action. */
export interface BatchSupport {
	/** Whether the panel is known to answer this action one ID at a time (and the time to re-check has not come). */
	answersSingly(): boolean;
	/** Whether anything is known: when not, the first batch goes alone, so that what it shows decides the rest. */
	isKnown(): boolean;
	learn(support: Support): void;
}

export function batchSupportOf(url: string, action: PanelAction, clock: () => number = Date.now): BatchSupport {
	return {
		answersSingly: () => (SINGLY_AS[action] ?? [action]).some((other) => current(url, other, clock()) === 'singly'),
		isKnown: () => current(url, action, clock()) !== undefined,
		learn(support) {
			const key = keyOf(url, action);
			learnedByPanel.delete(key);
			learnedByPanel.set(key, { support, at: clock() });
			if (learnedByPanel.size > MAX_PANELS) learnedByPanel.delete(learnedByPanel.keys().next().value as string);
		},
	};
}

/** Forgets every panel (for tests that start from a process that has seen none). */
export function forgetBatchSupport(): void {
	learnedByPanel.clear();
}
