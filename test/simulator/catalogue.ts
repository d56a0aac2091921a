/**
 * The simulated panel's service catalogue. Tests rely on these IDs; keep them stable.
 *
 * ID | type                    | category              | rate/1000 | min-max      | refill cancel dripfeed
 * ---+-------------------------+-----------------------+-----------+--------------+----------------------
 *  1 | Default                 | Instagram Followers   | 0.90      | 10-100000    | yes    yes    yes     <- the predictable one
 *  2 | Default                 | Instagram Followers   | 0.50      | 50-10000     | no     no     no
 *  3 | Default                 | Instagram Likes       | 0.25      | 20-50000     | yes    no     yes
 *  4 | Default                 | Instagram Likes       | 0.18      | 10-20000     | no     yes    no
 *  5 | Default                 | YouTube Views         | 1.80      | 100-1000000  | yes    no     yes
 *  6 | Default                 | TikTok                | 2.40      | 10-50000     | yes    yes    no
 *  7 | Default                 | TikTok                | 0.045     | 100-10000000 | no     no     yes
 *  8 | Default                 | Instagram Followers   | 15000.00  | 1-500        | yes    no     no      <- expensive: 100 = 1500 USD
 *  9 | Package                 | Instagram Packages    | 12.00 per package | 1-1  | no     no     no
 * 10 | SEO                     | Website SEO           | 3.50      | 100-10000    | no     no     no
 * 11 | Custom Comments         | Instagram Comments    | 12.00     | 5-1000       | no     yes    no
 * 12 | Custom Comments Package | Instagram Comments    | 4.00 per package | 1-100 | no     no     no
 * 13 | Mentions                | Instagram Mentions    | 6.00      | 100-50000    | no     no     no
 * 14 | Mentions with Hashtags  | Instagram Mentions    | 8.00      | 100-50000    | no     no     no
 * 15 | Mentions Custom List    | Instagram Mentions    | 10.00     | 10-10000     | no     no     no
 * 16 | Mentions Hashtag        | Instagram Mentions    | 5.00      | 100-50000    | no     no     no
 * 17 | Mentions User Followers | Instagram Mentions    | 5.50      | 100-50000    | no     no     no
 * 18 | Mentions Media Likers   | Instagram Mentions    | 5.50      | 100-50000    | no     no     no
 * 19 | Comment Likes           | Instagram Comments    | 3.00      | 10-10000     | yes    no     no
 * 20 | Comment Replies         | Instagram Comments    | 15.00     | 1-1000       | no     no     no
 * 21 | Poll                    | Instagram Story       | 2.00      | 100-100000   | no     yes    no
 * 22 | Invites from Groups     | Telegram              | 9.00      | 100-20000    | no     no     no
 * 23 | Subscriptions           | Instagram Auto Likes  | 0.30      | 50-10000     | no     yes    no
 * 24 | Web Traffic             | Website Traffic       | 0.60      | 500-1000000  | no     yes    yes
 *
 * Quantity per type: see order-validation.ts (lists count their lines; packages charge the rate once).
 */
import type { SimService } from './types';

export const SERVICE_TYPES = [
	'Default',
	'Package',
	'SEO',
	'Custom Comments',
	'Custom Comments Package',
	'Mentions',
	'Mentions with Hashtags',
	'Mentions Custom List',
	'Mentions Hashtag',
	'Mentions User Followers',
	'Mentions Media Likers',
	'Comment Likes',
	'Comment Replies',
	'Poll',
	'Invites from Groups',
	'Subscriptions',
	'Web Traffic',
] as const;

export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface CatalogueService extends SimService {
	type: ServiceType;
}

type ServiceDraft = Omit<CatalogueService, 'refill' | 'cancel' | 'dripfeed'> &
	Partial<Pick<CatalogueService, 'refill' | 'cancel' | 'dripfeed'>>;

function service(draft: ServiceDraft): CatalogueService {
	return { refill: false, cancel: false, dripfeed: false, ...draft };
}

export const SERVICE_CATALOGUE: readonly CatalogueService[] = [
	service({
		service: 1,
		name: 'Instagram Followers [Refill 30D] [Max 100K]',
		type: 'Default',
		category: 'Instagram Followers',
		rate: 0.9,
		min: 10,
		max: 100000,
		refill: true,
		cancel: true,
		dripfeed: true,
		desc: 'Start 0-1 hour, speed 10K/day, 30-day refill button.',
	}),
	service({
		service: 2,
		name: 'Instagram Followers [No Refill]',
		type: 'Default',
		category: 'Instagram Followers',
		rate: 0.5,
		min: 50,
		max: 10000,
	}),
	service({
		service: 3,
		name: 'Instagram Likes [Refill 30D]',
		type: 'Default',
		category: 'Instagram Likes',
		rate: 0.25,
		min: 20,
		max: 50000,
		refill: true,
		dripfeed: true,
	}),
	service({
		service: 4,
		name: 'Instagram Likes [Cancel enabled]',
		type: 'Default',
		category: 'Instagram Likes',
		rate: 0.18,
		min: 10,
		max: 20000,
		cancel: true,
	}),
	service({
		service: 5,
		name: 'YouTube Views [Lifetime Refill]',
		type: 'Default',
		category: 'YouTube Views',
		rate: 1.8,
		min: 100,
		max: 1000000,
		refill: true,
		dripfeed: true,
		desc: 'Retention 1-3 minutes. Link: a video URL.',
	}),
	service({
		service: 6,
		name: 'TikTok Followers',
		type: 'Default',
		category: 'TikTok',
		rate: 2.4,
		min: 10,
		max: 50000,
		refill: true,
		cancel: true,
	}),
	service({
		service: 7,
		name: 'TikTok Views [Instant]',
		type: 'Default',
		category: 'TikTok',
		rate: 0.045,
		min: 100,
		max: 10000000,
		dripfeed: true,
	}),
	service({
		service: 8,
		name: 'Instagram Followers [Verified accounts]',
		type: 'Default',
		category: 'Instagram Followers',
		rate: 15000,
		min: 1,
		max: 500,
		refill: true,
		desc: 'Expensive on purpose: 100 of them cost more than the default balance.',
	}),
	service({
		service: 9,
		name: 'Instagram Starter Package (1K followers + 5 x 500 likes)',
		type: 'Package',
		category: 'Instagram Packages',
		rate: 12,
		min: 1,
		max: 1,
	}),
	service({
		service: 10,
		name: 'Google Keyword SEO Backlinks',
		type: 'SEO',
		category: 'Website SEO',
		rate: 3.5,
		min: 100,
		max: 10000,
		desc: 'One keyword per line.',
	}),
	service({
		service: 11,
		name: 'Instagram Custom Comments',
		type: 'Custom Comments',
		category: 'Instagram Comments',
		rate: 12,
		min: 5,
		max: 1000,
		cancel: true,
		desc: 'One comment per line; the quantity is the number of lines.',
	}),
	service({
		service: 12,
		name: 'Instagram Custom Comments Package',
		type: 'Custom Comments Package',
		category: 'Instagram Comments',
		rate: 4,
		min: 1,
		max: 100,
	}),
	service({
		service: 13,
		name: 'Instagram Mentions',
		type: 'Mentions',
		category: 'Instagram Mentions',
		rate: 6,
		min: 100,
		max: 50000,
	}),
	service({
		service: 14,
		name: 'Instagram Mentions with Hashtags',
		type: 'Mentions with Hashtags',
		category: 'Instagram Mentions',
		rate: 8,
		min: 100,
		max: 50000,
	}),
	service({
		service: 15,
		name: 'Instagram Mentions [Custom List]',
		type: 'Mentions Custom List',
		category: 'Instagram Mentions',
		rate: 10,
		min: 10,
		max: 10000,
	}),
	service({
		service: 16,
		name: 'Instagram Mentions [Hashtag]',
		type: 'Mentions Hashtag',
		category: 'Instagram Mentions',
		rate: 5,
		min: 100,
		max: 50000,
	}),
	service({
		service: 17,
		name: 'Instagram Mentions [User Followers]',
		type: 'Mentions User Followers',
		category: 'Instagram Mentions',
		rate: 5.5,
		min: 100,
		max: 50000,
	}),
	service({
		service: 18,
		name: 'Instagram Mentions [Media Likers]',
		type: 'Mentions Media Likers',
		category: 'Instagram Mentions',
		rate: 5.5,
		min: 100,
		max: 50000,
	}),
	service({
		service: 19,
		name: 'Instagram Comment Likes',
		type: 'Comment Likes',
		category: 'Instagram Comments',
		rate: 3,
		min: 10,
		max: 10000,
		refill: true,
	}),
	service({
		service: 20,
		name: 'Instagram Comment Replies',
		type: 'Comment Replies',
		category: 'Instagram Comments',
		rate: 15,
		min: 1,
		max: 1000,
	}),
	service({
		service: 21,
		name: 'Instagram Story Poll Votes',
		type: 'Poll',
		category: 'Instagram Story',
		rate: 2,
		min: 100,
		max: 100000,
		cancel: true,
	}),
	service({
		service: 22,
		name: 'Telegram Group Members [Invites from Groups]',
		type: 'Invites from Groups',
		category: 'Telegram',
		rate: 9,
		min: 100,
		max: 20000,
	}),
	service({
		service: 23,
		name: 'Instagram Auto Likes [Subscription]',
		type: 'Subscriptions',
		category: 'Instagram Auto Likes',
		rate: 0.3,
		min: 50,
		max: 10000,
		cancel: true,
		desc: 'Likes on every new post of the account.',
	}),
	service({
		service: 24,
		name: 'Website Traffic [Worldwide]',
		type: 'Web Traffic',
		category: 'Website Traffic',
		rate: 0.6,
		min: 500,
		max: 1000000,
		cancel: true,
		dripfeed: true,
	}),
];

/**
 * A SimService as a catalogue entry. A type outside SERVICE_TYPES is listed as given (a panel's
 * own type name); the simulator validates orders for it as it would a Default service.
 */
export function catalogueEntry(entry: SimService): CatalogueService {
	return { ...entry, type: entry.type as ServiceType };
}

const NETWORKS = ['Instagram', 'TikTok', 'YouTube', 'Telegram', 'Facebook', 'Twitter', 'Spotify', 'Twitch', 'Threads', 'Website'];
const PRODUCTS = ['Followers', 'Likes', 'Views', 'Comments', 'Shares'];
const GRADES = ['[No Refill]', '[Refill 30D]', '[Lifetime Refill]', '[Real Accounts]', '[Instant]'];

/**
 * A large provider's catalogue, the same every time: `count` Default services with IDs 1..count,
 * names of 30-45 characters, 50 categories, rates from 0.01 to 50 per 1000 (for benchmarks and
 * size tests; real panels list hundreds to several thousand services).
 */
export function generatedCatalogue(count: number): CatalogueService[] {
	return Array.from({ length: count }, (_, index) => {
		const id = index + 1;
		const network = NETWORKS[index % NETWORKS.length];
		const product = PRODUCTS[Math.floor(index / NETWORKS.length) % PRODUCTS.length];
		const grade = GRADES[Math.floor(index / 50) % GRADES.length];
		return service({
			service: id,
			name: `${network} ${product} ${grade} [Max ${(id % 9) + 1}0K] #${id}`,
			type: 'Default',
			category: `${network} ${product}`,
			rate: Math.round(((id * 7919) % 5000) + 1) / 100,
			min: 10 * ((id % 5) + 1),
			max: 10_000 * ((id % 10) + 1),
			refill: grade.includes('Refill'),
			cancel: id % 3 === 0,
			dripfeed: id % 4 === 0,
		});
	});
}
