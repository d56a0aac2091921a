/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test and developer tooling: runs on Node.js in this repo only; n8n never loads it */
/**
 * The user documentation: a README short enough to read (details in docs/), and every link in it,
 * in docs/ and in CONTRIBUTING.md pointing at a file that exists and, with an anchor, at a heading
 * that exists there (as GitHub makes anchors). The anchors n8n's editor links to are sections.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ROOT = join(__dirname, '../..');
const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(ROOT, 'docs')).filter((file) => file.endsWith('.md')).map((file) => `docs/${file}`)];

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

function anchorsIn(markdown: string): Set<string> {
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
	return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

function linksIn(markdown: string): string[] {
	const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
	return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
}

describe('user documentation', () => {
	it('the README stays under 20 KB: details live in docs/', () => {
		expect(Buffer.byteLength(read('README.md'))).toBeLessThan(20_000);
	});

	it.each(DOCUMENTS)('every link in %s reaches a file, and a heading where it names one', (document) => {
		for (const target of linksIn(read(document))) {
			const [path, anchor] = target.split('#');
			const file = path === '' ? document : normalize(join(dirname(document), path));
			expect([target, existsSync(join(ROOT, file))]).toEqual([target, true]);
			if (anchor !== undefined && file.endsWith('.md')) {
				expect([target, anchorsIn(read(file)).has(anchor)]).toEqual([target, true]);
			}
		}
	});

	it('has the sections the nodes and the credential link to from n8n\'s editor', () => {
		const anchors = anchorsIn(read('README.md'));
		for (const codex of ['nodes/SmmPanel/SmmPanel.node.json', 'nodes/SmmPanel/SmmPanelTrigger.node.json']) {
			const urls = JSON.stringify(JSON.parse(read(codex))).match(/#[a-z0-9-]+/g) ?? [];
			for (const url of urls.filter((anchor) => anchor !== '#readme')) expect(anchors.has(url.slice(1))).toBe(true);
		}
		expect(anchors.has('credential')).toBe(true);
		expect(anchors.has('smm-panel-trigger')).toBe(true);
	});
});
