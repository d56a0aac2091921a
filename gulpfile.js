// The build's asset step: tsc compiles the code, this copies what n8n loads beside it into dist/
// with the same folder layout: node and credential icons, codex files, and the output schemas
// (nodes/SmmPanel/__schema__/v<version>/<resource>/<operation>.json), which n8n looks for in the
// folder of the node file package.json names (dist/nodes/SmmPanel/__schema__/...).
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}', 'icons/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyAssets;
