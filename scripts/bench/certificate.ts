/**
 * A self-signed certificate for 127.0.0.1, made with Node's crypto alone (no openssl needed), for
 * the HTTPS link of the benchmark: the simulator serves it, and the process running n8n trusts it
 * through NODE_EXTRA_CA_CERTS. An ECDSA P-256 key, valid for a day, with the IP as subject
 * alternative name (what TLS clients check) and marked as a CA (so it can be its own trust anchor).
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

export interface Certificate {
	/** PEM */
	key: string;
	/** PEM */
	cert: string;
}

function length(size: number): Buffer {
	if (size < 0x80) return Buffer.from([size]);
	const bytes: number[] = [];
	for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A DER type-length-value. */
function der(tag: number, ...content: Buffer[]): Buffer {
	const body = Buffer.concat(content);
	return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...content: Buffer[]): Buffer => der(0x30, ...content);

function oid(dotted: string): Buffer {
	const [first, second, ...rest] = dotted.split('.').map(Number);
	const bytes = [first * 40 + second];
	for (const arc of rest) {
		const base128: number[] = [arc % 128];
		for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) base128.unshift(0x80 | value % 128);
		bytes.push(...base128);
	}
	return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
	const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
	return der(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

export function selfSignedCertificate(ip = '127.0.0.1'): Certificate {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const name = sequence(der(0x31, sequence(oid('2.5.4.3'), der(0x0c, Buffer.from(ip)))));
	const now = Date.now();
	// A positive serial: the top bit clear.
	const serial = randomBytes(12);
	serial[0] &= 0x7f;
	const subjectAltName = sequence(oid('2.5.29.17'), der(0x04, sequence(der(0x87, Buffer.from(ip.split('.').map(Number))))));
	const basicConstraints = sequence(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, sequence(der(0x01, Buffer.from([0xff])))));
	const tbs = sequence(
		der(0xa0, der(0x02, Buffer.from([2]))),
		der(0x02, serial),
		sequence(oid(ECDSA_WITH_SHA256)),
		name,
		sequence(utcTime(new Date(now - 60_000)), utcTime(new Date(now + 86_400_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		der(0xa3, sequence(subjectAltName, basicConstraints)),
	);
	const signature = sign('sha256', tbs, privateKey);
	const certificate = sequence(tbs, sequence(oid(ECDSA_WITH_SHA256)), der(0x03, Buffer.from([0]), signature));
	const base64 = certificate.toString('base64').replace(/(.{64})/g, '$1\n');
	const cert = `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`;

	// Checked here rather than found out as a TLS error in the middle of a benchmark.
	const parsed = new X509Certificate(cert);
	if (!parsed.verify(publicKey) || parsed.checkIP(ip) !== ip) throw new Error('The generated certificate does not check out');
	return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert };
}
