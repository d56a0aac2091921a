/**
 * A canvas subtitle that reads like the node's own wording: the label of the chosen value, looked
 * up in a map written into the expression (n8n evaluates subtitles as expressions over
 * `$parameter`). An unknown value shows no subtitle rather than a raw one.
 */
export function subtitleExpression(keyExpression: string, labels: Readonly<Record<string, string>>): string {
	return `={{ ${JSON.stringify(labels)}[${keyExpression}] }}`;
}
